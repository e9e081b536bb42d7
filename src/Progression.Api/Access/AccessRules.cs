using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using static Progression.Api.Access.Roles;

namespace Progression.Api.Access;

/// <summary>
/// Who may call what: every HTTP operation of the service and the roles allowed on it, in one table. Start-up fails
/// if an endpoint has no row, so nothing is reachable by accident. Two rules need the case itself and live beside
/// the data: a mentor acts only on cases assigned to them (CommandContext.Admit, the case reads), and every caller
/// reaches only the municipalities in their token (the tenant, see MunicipalityTenancy).
/// </summary>
public static class AccessRules
{
    public static readonly IReadOnlyDictionary<string, string[]> RolesByOperation = new Dictionary<string, string[]>
    {
        ["getCatalogue"] = All,

        ["openCase"] = [Coordinator],
        ["getCase"] = [Coordinator, Mentor],
        ["getCaseMatrix"] = [Coordinator, Mentor],
        ["getCaseReads"] = [Coordinator],
        ["getCaseSuggestions"] = [Coordinator, Mentor],
        ["assessProgramme"] = [Coordinator, Evaluator],
        ["saveProgramme"] = [Coordinator, Evaluator],
        ["listProgrammes"] = [Coordinator, Evaluator],
        ["getProgramme"] = [Coordinator, Evaluator],
        ["getCaseTimeline"] = [Coordinator, Mentor],
        ["registerRiskFactor"] = [Coordinator, Mentor],
        ["clearRiskFactor"] = [Coordinator, Mentor],
        ["identifyBarrier"] = [Coordinator, Mentor],
        ["resolveBarrier"] = [Coordinator, Mentor],
        ["assignMentor"] = [Coordinator],
        ["unassignMentor"] = [Coordinator],
        ["startIntervention"] = [Coordinator, Mentor],
        ["completeIntervention"] = [Coordinator, Mentor],
        ["dropOutOfIntervention"] = [Coordinator, Mentor],
        ["measureProgression"] = [Coordinator, Mentor],
        ["reachOutcome"] = [Coordinator, Mentor],
        ["recordOutcomeRetained"] = [Coordinator, Mentor],
        ["recordOutcomeLost"] = [Coordinator, Mentor],
        ["closeCase"] = [Coordinator],
        ["reopenCase"] = [Coordinator],

        ["recordCitizenIdentity"] = [Coordinator],
        ["getCitizenIdentity"] = [Coordinator],
        ["eraseCitizen"] = [Administrator],
    };

    /// <summary>Puts each Wolverine endpoint behind the roles of its row.</summary>
    public sealed class Policy : IHttpPolicy
    {
        public void Apply(IReadOnlyList<HttpChain> chains, JasperFx.CodeGeneration.GenerationRules rules, JasperFx.IServiceContainer container)
        {
            foreach (var chain in chains)
            {
                if (!RolesByOperation.TryGetValue(chain.OperationId, out var roles))
                    throw new InvalidOperationException(
                        $"Endpoint '{chain.OperationId}' ({chain.RoutePattern?.RawText}) has no row in AccessRules: say who may call it.");
                chain.Metadata.RequireAuthorization(new AuthorizeAttribute(AccessModule.SignedIn), new AuthorizeAttribute { Roles = string.Join(",", roles) });
            }
        }
    }
}
