using GraphQL;
using Progression.Api.Access;
using Progression.Domain.Privacy;

namespace Progression.Api.Graph;

/// <summary>
/// Who is asking a GraphQL query and what rows they may see: coordinators the cases of their municipality, mentors
/// their assigned cases, evaluators pseudonymised cases of every municipality in their token (with small counts
/// suppressed in aggregates). Every resolver reads cases through here, so the row rules live in one place.
/// </summary>
public sealed class GraphCaller(Caller caller, IReadOnlyList<string>? municipalities, Pseudonyms pseudonyms)
{
    public const string PseudonymPurpose = "evaluation";

    public Caller Caller { get; } = caller;

    /// <summary>
    /// The municipalities this query reads: the chosen one for staff, all granted ones for evaluators. Staff whose
    /// token grants several and who did not pick one are told so, never answered from an empty set.
    /// </summary>
    public IReadOnlyList<string> Municipalities => municipalities ?? throw new ExecutionError(
        $"Which municipality? Your token grants {Caller.Municipalities.Count}: name one in the {MunicipalityTenancy.Header} header.")
    {
        Code = "MUNICIPALITY_REQUIRED",
    };

    public bool IsEvaluator => Caller.IsEvaluatorOnly;

    /// <summary>Aggregates shown to evaluators hide small counts; staff who may see the cases anyway see them all.</summary>
    public bool SuppressSmallCounts => IsEvaluator;

    public string PublicId(Guid caseId) => IsEvaluator ? pseudonyms.For(caseId, PseudonymPurpose) : caseId.ToString();
}
