using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Progression.Api.Transfer;
using Progression.Tests.Cases;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Transfer;

public sealed class ExportTombstoneFixture : AppFixture;

/// <summary>
/// Writers racing on one version: the losers' transactions leave Marten's tombstones (a stream of its own holding the
/// sequence numbers they took). An export holds the cases, not that bookkeeping.
/// </summary>
public class ExportTombstoneTests(ExportTombstoneFixture app) : IClassFixture<ExportTombstoneFixture>
{
    [Fact]
    public async Task An_export_after_a_lost_race_holds_the_case_and_no_tombstone()
    {
        var caseId = await app.Host.OpenedCase();
        var race = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.Host.Post($"/api/cases/{caseId}/risk-factors",
            new { factor = i % 2 == 0 ? "adult.crime" : "adult.mental-illness", expectedVersion = 1 })));
        Assert.Equal(1, race.Count(a => a.Status == 200));
        Assert.NotEmpty(await TransferDatabase.RowsAsync(app.ConnectionString, "select 1 from progression.mt_events where type = 'tombstone'"));

        using var file = new MemoryStream();
        var (cases, events) = await ActivatorUtilities.CreateInstance<Exporter>(app.Host.Services)
            .ExportAsync(null, file, _ => { }, _ => { }, CancellationToken.None);

        var line = Assert.Single(Encoding.UTF8.GetString(file.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"\"caseId\":\"{caseId}\"", line);
        Assert.DoesNotContain("tombstone", line);
        Assert.Equal((1, 2), (cases, events));
    }
}
