using Marten;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Hosting;
using Progression.Api.Cases.Auditing;
using Progression.Api.Cases.Viewing;
using Progression.Api.Graph;
using Progression.Api.ReadModels;
using Progression.Domain.Cases;
using Progression.Domain.Guidance;
using Wolverine.Http;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Cases.Guidance;

/// <summary>
/// What could address the case's blind spots (<see cref="Suggestions"/>), now or as the case stood (<c>?asOf=</c>,
/// <c>?version=</c>), with this municipality's own results for each intervention, small counts hidden as on the
/// evaluators' dashboard. Read like the case view: coordinators and the assigned mentor, audited.
/// </summary>
public static class GetSuggestionsEndpoint
{
    [WolverineGet("/api/cases/{caseId}/suggestions", OperationId = "getCaseSuggestions")]
    [ProducesResponseType<CaseSuggestions>(StatusCodes.Status200OK)]
    public static Task<IResult> Get(Guid caseId, string? asOf, long? version, IQuerySession session, ReadAudit audit, HttpContext http,
        CatalogueModel catalogue, MunicipalityDatabases databases, IConfiguration configuration) =>
        GetCaseEndpoint.Respond(caseId, asOf, version, session, audit, http, "suggestions",
            async current => await ForAsync(current, catalogue, databases, configuration, http.RequestAborted));

    public static async Task<CaseSuggestions> ForAsync(Case current, CatalogueModel catalogue, MunicipalityDatabases databases,
        IConfiguration configuration, CancellationToken ct)
    {
        // One municipality, so on one database: its figures are whole or the read fails.
        var outcomes = (await DashboardQueries.OutcomesAsync(databases, catalogue, [current.Municipality], current.TargetGroup, null, null, ct)).Value;
        var shown = new Disclosure(suppress: true, configuration.GetValue("Privacy:SuppressionThreshold", 5)).Outcomes(outcomes);
        var local = shown.ToDictionary(o => o.Intervention,
            o => new LocalResults(o.Participants, o.Completed, o.DroppedOut, o.OutcomeWithin12Months, o.MeanProgressionChange));
        return Suggestions.For(current, catalogue, local);
    }
}
