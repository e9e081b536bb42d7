using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.ReadModels;

/// <summary>
/// The evaluation read model, kept by Marten's async daemon behind the writes (its freshness is queryable): the same
/// Case.Evolve as the inline case view, plus the full measurement history. With each batch of a case's events it also
/// brings the dashboards' sums up to date: the case's contribution before the batch is taken off and its contribution
/// after it added (<see cref="CaseContribution"/>), so no dashboard ever reads case documents.
/// </summary>
public partial class CaseFactsProjection(CatalogueModel catalogue, TimeProvider clock) : SingleStreamProjection<CaseFacts, Guid>
{
    public override CaseFacts? Evolve(CaseFacts? snapshot, Guid id, IEvent e)
    {
        var next = e.Data is CaseOpened opened ? CaseFacts.Open(id, opened) : snapshot?.Evolve(e.Data);
        if (next is null) return null;
        // The case as the sums last counted it: the value this batch started from (none for a new case).
        next = next with { Version = e.Version, Case = next.Case with { Version = e.Version } };
        next.Counted = snapshot is null ? CaseFacts.NotCounted : snapshot.Counted ?? snapshot;
        return next;
    }

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<CaseFacts> slice)
    {
        if (slice.Snapshot is not { } now) return ValueTask.CompletedTask;
        var before = now.Counted is { } counted && !ReferenceEquals(counted, CaseFacts.NotCounted) ? Contribution(counted) : null;
        DashboardSums.Queue(operations, Contribution(now).Minus(before));
        now.Counted = null;
        return ValueTask.CompletedTask;
    }

    private CaseContribution Contribution(CaseFacts facts) => CaseContribution.Of(facts, catalogue, clock.GetUtcNow());
}
