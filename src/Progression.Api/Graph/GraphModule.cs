using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Access;
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
            IReadOnlyList<string> municipalities = caller.IsEvaluatorOnly
                ? caller.Municipalities
                : MunicipalityTenancy.FromRequest(http) is { } chosen ? [chosen] : [];
            return new GraphCaller(caller, municipalities, sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<Pseudonyms>());
        });
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

    private static async Task Execute(HttpContext http, IDocumentExecuter<ProgressionSchema> executer, IGraphQLTextSerializer serializer)
    {
        var request = await Read(http, serializer);
        if (request is null)
        {
            await Problem(http, "Send one GraphQL request: a JSON object with query (and variables, operationName). Batches are refused.");
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(Timeout);
        ExecutionResult result;
        try
        {
            result = await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = request.Query,
                OperationName = request.OperationName,
                Variables = request.Variables,
                User = http.User,
                RequestServices = http.RequestServices,
                CancellationToken = timeout.Token,
            });
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            http.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            await Problem(http, $"The query took longer than {Timeout.TotalSeconds:0} s.", StatusCodes.Status504GatewayTimeout);
            return;
        }

        http.Response.StatusCode = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/graphql-response+json; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>One request per HTTP call: a JSON array (a batch) is refused, so one call cannot carry a flood.</summary>
    private static async Task<GraphQLRequest?> Read(HttpContext http, IGraphQLTextSerializer serializer)
    {
        if (HttpMethods.IsGet(http.Request.Method))
            return new GraphQLRequest
            {
                Query = http.Request.Query["query"],
                OperationName = http.Request.Query["operationName"],
                Variables = http.Request.Query["variables"] is { Count: > 0 } variables ? serializer.Deserialize<Inputs>(variables) : null,
            } is { Query.Length: > 0 } get ? get : null;
        using var reader = new StreamReader(http.Request.Body);
        var body = (await reader.ReadToEndAsync(http.RequestAborted)).TrimStart();
        if (!body.StartsWith('{')) return null;
        try
        {
            return serializer.Deserialize<GraphQLRequest>(body) is { Query.Length: > 0 } post ? post : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task Problem(HttpContext http, string detail, int status = StatusCodes.Status400BadRequest)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = "Not a GraphQL request this service answers", Detail = detail },
        }).AsTask();
    }
}
