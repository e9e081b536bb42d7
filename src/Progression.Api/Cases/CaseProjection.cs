using JasperFx.Events;
using Marten.Events.Aggregation;
using Progression.Domain.Cases;

namespace Progression.Api.Cases;

/// <summary>The case view, kept inline with every append, and rebuilt the same way for "as of" reads.</summary>
public partial class CaseProjection : SingleStreamProjection<Case, Guid>
{
    public override Case? Evolve(Case? snapshot, Guid id, IEvent e)
    {
        var next = e.Data is CaseOpened opened ? Case.Open(id, opened) : snapshot?.Evolve(e.Data);
        return next is null ? null : next with { Version = e.Version };
    }
}
