using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Access;
using Progression.Api.Hosting;
using Progression.Domain.Privacy;

namespace Progression.Api.Graph;

public sealed class ProgressionSchema : Schema
{
    public ProgressionSchema(IServiceProvider services, QueryType query) : base(services) => Query = query;
}

/// <summary>
/// GraphQL.NET on an endpoint of our own (the GraphQL.Server packages are not available): POST /graphql (and GET for
/// queries), signed-in callers only, with depth, complexity, page-size and time limits, batches refused, and errors
/// that name the problem but never the internals.
/// </summary>
public static class GraphModule
{
    public const int MaxDepth = 10, MaxComplexity = 1000;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static void AddProgressionGraph(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddScoped(sp =>
        {
            var http = sp.GetRequiredService<IHttpContextAccessor>().HttpContext!;
            var caller = Caller.From(http.User);
            // Staff read one municipality, as on the REST routes: the one their token grants, or the one they pick.
            IReadOnlyList<string>? municipalities = caller.IsEvaluatorOnly
                ? caller.Municipalities
                : MunicipalityTenancy.FromRequest(http) is { } chosen ? [chosen] : null;
            return new GraphCaller(caller, municipalities, sp.GetRequiredService<Pseudonyms>());
        });
        builder.Services.AddSingleton(new Cursors(
            LocalSecrets.Get(builder.Configuration, builder.Environment.ContentRootPath, "Privacy:PseudonymKey", "dev-pseudonym-key")));
        builder.Services.AddTransient<ConnectionType<CaseNode, CaseNodeType>>();
        builder.Services.AddTransient<EdgeType<CaseNode, CaseNodeType>>();
        builder.Services.AddGraphQL(graph => graph
            .AddSchema<ProgressionSchema>()
            .AddGraphTypes(typeof(ProgressionSchema).Assembly)
            .AddClrTypeMappings(typeof(ProgressionSchema).Assembly)
            .AddAutoClrMappings(mapInputTypes: false, mapOutputTypes: true)
            .AddSystemTextJson()
            .AddComplexityAnalyzer(limits =>
            {
                limits.MaxDepth = MaxDepth;
                limits.MaxComplexity = MaxComplexity;
                // Our unpaged lists are short (a heatmap is 60 cells, a case's barriers a handful): a multiplier of 2 per
                // list level lets a dashboard or a page of detailed cases through and still stops alias floods. Paged
                // lists count as many as `first`/`last` asks for.
                limits.DefaultListImpactMultiplier = 2;
            })
            .AddValidationRule(new FieldAccessRule(allowIntrospection: development))
            .AddErrorInfoProvider(new QuietErrors(development))
            .ConfigureExecutionOptions(options =>
            {
                var log = options.RequestServices!.GetRequiredService<ILogger<ProgressionSchema>>();
                options.UnhandledExceptionDelegate = context =>
                {
                    log.LogError(context.OriginalException, "GraphQL resolver failed in {Field}", context.FieldContext?.FieldDefinition.Name);
                    return Task.CompletedTask;
                };
            }));
    }

    public static void MapProgressionGraph(this WebApplication app)
    {
        app.MapPost("/graphql", Execute).RequireAuthorization(AccessModule.SignedIn);
        app.MapGet("/graphql", Execute).RequireAuthorization(AccessModule.SignedIn);
    }

    /// <summary>
    /// One request, all of it under the time limit: reading the body, parsing, the expansion budget, validation,
    /// execution and writing the answer.
    /// </summary>
    private static async Task Execute(HttpContext http, IDocumentExecuter<ProgressionSchema> executer, IGraphQLTextSerializer serializer)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(Timeout);
        try
        {
            await Answer(http, executer, serializer, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            if (!http.Response.HasStarted)
                await Problem(http, "query", $"took longer than {Timeout.TotalSeconds:0} s", StatusCodes.Status504GatewayTimeout);
        }
    }

    private static async Task Answer(HttpContext http, IDocumentExecuter<ProgressionSchema> executer, IGraphQLTextSerializer serializer,
        CancellationToken ct)
    {
        var (request, refusal) = await Read(http, serializer);
        if (refusal is not null)
        {
            await RequestChecks.Write(http, refusal);
            return;
        }

        var document = DocumentBudget.Parse(request!.Query!);
        ExecutionResult result;
        if (document is not null && DocumentBudget.ExpandedFields(document) > DocumentBudget.MaxExpandedFields)
            result = new ExecutionResult
            {
                Errors = [new ExecutionError($"The query selects more than {DocumentBudget.MaxExpandedFields} fields once its fragments are expanded.") { Code = "COMPLEXITY" }],
            };
        else
            // The executer does not watch the token while it validates: WaitAsync bounds the answer all the same.
            result = await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = document is null ? request.Query : null,
                Document = document,
                OperationName = request.OperationName,
                Variables = request.Variables,
                User = http.User,
                RequestServices = http.RequestServices,
                CancellationToken = ct,
            }).WaitAsync(ct);

        http.Response.StatusCode = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/graphql-response+json; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, ct);
    }

    /// <summary>
    /// One request per HTTP call: a JSON array (a batch) is refused, so one call cannot carry a flood. The body is read
    /// up to the size limit, whether or not it says its length.
    /// </summary>
    private static async Task<(GraphQLRequest? Request, ProblemDetails? Refusal)> Read(HttpContext http, IGraphQLTextSerializer serializer)
    {
        const string one = "must be one GraphQL request: a JSON object with query (and variables, operationName); batches are refused";
        if (HttpMethods.IsGet(http.Request.Method))
        {
            Inputs? variables = null;
            if (http.Request.Query["variables"] is { Count: > 0 } given)
            {
                try { variables = serializer.Deserialize<Inputs>(given); }
                catch (Exception ex) when (Unreadable(ex)) { return (null, Refusal("variables", "must be a JSON object")); }
            }
            var query = http.Request.Query["query"].ToString();
            return query.Length == 0
                ? (null, Refusal("query", "is required"))
                : (new GraphQLRequest { Query = query, OperationName = http.Request.Query["operationName"], Variables = variables }, null);
        }

        var body = await RequestLimits.ReadBodyAsync(http);
        if (body is null) return (null, RequestLimits.TooLarge());
        var text = System.Text.Encoding.UTF8.GetString(body).TrimStart();
        if (!text.StartsWith('{')) return (null, Refusal(BodyShape.Root, one));
        try
        {
            return serializer.Deserialize<GraphQLRequest>(text) is { Query.Length: > 0 } post
                ? (post, null)
                : (null, Refusal("query", "is required"));
        }
        catch (Exception ex) when (Unreadable(ex))
        {
            return (null, Refusal(BodyShape.Root, one));
        }
    }

    private static bool Unreadable(Exception ex) => ex is JsonException or InvalidOperationException or FormatException or NotSupportedException;

    private static ProblemDetails Refusal(string field, string reason) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Not a GraphQL request this service answers",
        Detail = $"{field}: {reason}",
        Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } },
    };

    private static Task Problem(HttpContext http, string field, string reason, int status)
    {
        var problem = Refusal(field, reason);
        problem.Status = status;
        problem.Title = "The query was stopped";
        return RequestChecks.Write(http, problem);
    }
}
