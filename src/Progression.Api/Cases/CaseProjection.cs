using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Progression.Api.ReadModels;
using Progression.Domain.Cases;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Cases;

/// <summary>
/// The case view, kept inline with every append, and rebuilt the same way for "as of" reads. Its row in the case list
/// is written in the same transaction (a side effect), so lists are as current as the view.
/// </summary>
public partial class CaseProjection(CatalogueModel catalogue) : SingleStreamProjection<Case, Guid>
{
    public override Case? Evolve(Case? snapshot, Guid id, IEvent e)
    {
        var next = e.Data is CaseOpened opened ? Case.Open(id, opened) : snapshot?.Evolve(e.Data);
        return next is null ? null : next with { Version = e.Version };
    }

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<Case> slice)
    {
        if (slice.Snapshot is { } current) CaseList.Store(operations, current, catalogue);
        return ValueTask.CompletedTask;
    }
}
