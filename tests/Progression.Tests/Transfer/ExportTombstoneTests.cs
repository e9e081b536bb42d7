using Progression.Harness;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Progression.Api.Transfer;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Transfer;

public sealed class ExportTombstoneFixture : AppFixture;

/// <summary>
/// Writers racing on one version: an export holds the case once, with the winner's events. Under Rich appends the
/// losers' transactions left Marten's tombstones (a stream of its own holding the sequence numbers they took); Quick
/// appends check the version before drawing a number, so a lost race leaves none, but a store written before still
/// holds them: the tombstone stream is put there as Marten writes it, and the export leaves it out.
/// </summary>
public class ExportTombstoneTests(ExportTombstoneFixture app) : IClassFixture<ExportTombstoneFixture>
{
    [Fact]
    public async Task An_export_after_a_lost_race_holds_the_case_once_and_no_tombstone()
    {
        var caseId = await app.Host.OpenedCase();
        var race = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.Host.Post($"/api/cases/{caseId}/risk-factors",
            new { factor = i % 2 == 0 ? "adult.crime" : "adult.mental-illness", expectedVersion = 1 })));
        Assert.Equal(1, race.Count(a => a.Status == 200));
        await DatabaseRows.RowsAsync(app.ConnectionString, """
            insert into progression.mt_streams (id, type, version, tenant_id) values ('00000000-0000-0000-0000-000000000001', 'mt_tombstone', 0, '0101');
            insert into progression.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, mt_dotnet_type)
            values (nextval('progression.mt_events_sequence'), gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 0, '{}', 'tombstone', '0101', 'Marten.Events.Operations.Tombstone')
            returning 1
            """);

        using var file = new MemoryStream();
        var (cases, events) = await ActivatorUtilities.CreateInstance<Exporter>(app.Host.Services)
            .ExportAsync(null, file, _ => { }, _ => { }, CancellationToken.None);

        var line = Assert.Single(Encoding.UTF8.GetString(file.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"\"caseId\":\"{caseId}\"", line);
        Assert.DoesNotContain("tombstone", line);
        Assert.Equal((1, 2), (cases, events));
    }
}
