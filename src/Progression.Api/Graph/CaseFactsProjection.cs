using JasperFx.Events;
using Marten.Events.Aggregation;
using Progression.Domain.Analytics;
using Progression.Domain.Cases;

namespace Progression.Api.Graph;

/// <summary>
/// The evaluation read model, kept by Marten's async daemon behind the writes (its freshness is queryable). The same
/// Case.Evolve as the inline case view, plus the full measurement history.
/// </summary>
public partial class CaseFactsProjection : SingleStreamProjection<CaseFacts, Guid>
{
    public override CaseFacts? Evolve(CaseFacts? snapshot, Guid id, IEvent e)
    {
        var next = e.Data is CaseOpened opened ? CaseFacts.Open(id, opened) : snapshot?.Evolve(e.Data);
        return next is null ? null : next with { Version = e.Version, Case = next.Case with { Version = e.Version } };
    }
}
