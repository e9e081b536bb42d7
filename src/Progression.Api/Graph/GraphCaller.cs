using GraphQL;
using Marten;
using Progression.Api.Access;
using Progression.Domain.Analytics;
using Progression.Domain.Cases;
using Progression.Domain.Privacy;

namespace Progression.Api.Graph;

/// <summary>
/// Who is asking a GraphQL query and what rows they may see: coordinators the cases of their municipality, mentors
/// their assigned cases, evaluators pseudonymised cases of every municipality in their token (with small counts
/// suppressed in aggregates). Every resolver reads cases through here, so the row rules live in one place.
/// </summary>
public sealed class GraphCaller(Caller caller, IReadOnlyList<string>? municipalities, IDocumentStore store, Pseudonyms pseudonyms)
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

    /// <summary>The case documents this caller may see, optionally narrowed to one municipality they hold.</summary>
    public async Task<IReadOnlyList<Case>> Cases(string? municipality, CancellationToken ct) =>
        (await Read<Case>(municipality, ct)).Where(Caller.MaySee).ToList();

    /// <summary>The evaluation documents (async projection) this caller may see.</summary>
    public async Task<IReadOnlyList<CaseFacts>> Facts(string? municipality, CancellationToken ct) =>
        (await Read<CaseFacts>(municipality, ct)).Where(f => Caller.MaySee(f.Case)).ToList();

    private async Task<IReadOnlyList<T>> Read<T>(string? municipality, CancellationToken ct) where T : notnull
    {
        var tenants = municipality is null ? Municipalities : Municipalities.Where(m => m == municipality).ToList();
        if (tenants.Count == 0) return [];
        await using var session = store.QuerySession();
        return await session.Query<T>().Where(x => x.TenantIsOneOf(tenants.ToArray())).ToListAsync(ct);
    }
}
