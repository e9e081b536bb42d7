using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Progression.Api.Access;
using Progression.Api.Cases;
using Progression.Api.Catalogue;
using Progression.Api.Demo;
using Progression.Api.Graph;
using Progression.Api.Hosting;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);
if (args is ["token", .. var tokenArgs])
    return DevTokens.Command(tokenArgs, builder.Configuration, builder.Environment.ContentRootPath);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
builder.Logging.AddCorrelatedLogs();
builder.AddProgressionTelemetry();

var dataSource = await ProgressionDatabase.ResolveAsync(builder);
builder.Services.AddSingleton(dataSource);
builder.Services.AddSingleton<MunicipalityDatabases>();
var catalogue = builder.Services.AddCatalogue(builder.Configuration);
// Registered before Marten's daemon so the synthetic demo cases are loaded before it starts.
if (builder.Configuration.GetValue<bool>("Demo:Load")) builder.Services.AddHostedService<DemoSeed>();

var pool = DatabasePool.From(builder.Configuration);
var marten = builder.Services.AddMarten(opts =>
    {
        if (pool is null) opts.Connection(dataSource);
        else pool.Configure(opts);
        opts.DatabaseSchemaName = "progression";
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => json.UseProgressionJson());
        // The municipality (kommunekode) is the tenant from the first line: every stream and document carries it.
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
        // Quick appends: the stream's version is known from the fetch every command makes (FetchForWriting), so the
        // events, the case view and the list are written in one batch without Rich mode's extra round trip.
        opts.Events.AppendMode = EventAppendMode.Quick;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.ConfigureCases(catalogue);
    })
    .UseLightweightSessions();
marten.IntegrateWithWolverine(m =>
{
    m.MessageStorageSchemaName = "wolverine";
    // Async projections run under Wolverine's agents: one node each, however many nodes serve the database.
    m.UseWolverineManagedEventSubscriptionDistribution = true;
    // With a pool, Wolverine's nodes and leadership live in the control database, beside the placements.
    if (pool is not null) m.MainDatabaseConnectionString = pool.Control;
});

// Statement failures are logged without their parameters: those hold event bodies.
builder.Services.ConfigureMarten((services, opts) =>
    opts.Logger(new StatementLogger(services.GetRequiredService<ILogger<StatementLogger>>())));

// Development compiles handler code at run time and keeps the database schema up to date by itself. Production runs
// the code generated ahead (src/Progression.Api/Internal/Generated, written by `codegen write`, checked by a test) and
// changes the database only when told (`db-apply`), so a start-up neither compiles nor migrates.
builder.Services.CritterStackDefaults(defaults =>
{
    defaults.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
    defaults.Development.ResourceAutoCreate = AutoCreate.CreateOrUpdate;
    defaults.Production.GeneratedCodeMode = TypeLoadMode.Static;
    defaults.Production.AssertAllPreGeneratedTypesExist = true;
    defaults.Production.ResourceAutoCreate = AutoCreate.None;
});
if (builder.Environment.IsDevelopment()) marten.ApplyAllDatabaseChangesOnStartup();

builder.Host.UseWolverine(opts =>
{
    opts.Policies.AutoApplyTransactions();
    opts.RunAsCluster(builder.Configuration);
    // Who recorded an event: the signed-in user's subject becomes the event's user_name (Marten metadata).
    opts.EnableRelayOfUserName = true;
    opts.ConfigureCases();
});

builder.AddProgressionAccess();
builder.AddProgressionGraph();
builder.Services.AddWolverineHttp();
builder.Services.ConfigureSystemTextJsonForWolverineOrMinimalApi(json =>
{
    json.SerializerOptions.UseProgressionJson();
    // A misspelt field is an error the client should hear about, not a silently missing value.
    json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    // A missing or null required field is a 400 naming it, not a null that reaches the decision.
    json.SerializerOptions.RespectNullableAnnotations = true;
    json.SerializerOptions.RespectRequiredConstructorParameters = true;
});
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
builder.Services.AddExceptionHandler<ConflictExceptionHandler>();
builder.Services.AddExceptionHandler<UnplacedMunicipalityHandler>();
builder.Services.AddProgressionHealth();
builder.Services.AddCases();
builder.Services.AddOpenApi();
if (builder.Configuration.GetValue<bool>("Demo:Load")) builder.Services.AddHostedService<DemoLoader>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLimits();
app.UseNoStoreForApi();
if (app.Environment.IsDevelopment())
{
    // GraphiQL at /graphiql/ (wwwroot/graphiql, built from GraphiQL/ with npm) and the API UI at /api/docs. Served
    // before authentication so the pages load without a token; they send the pasted token on every call they make.
    app.UseDefaultFiles();
    app.UseStaticFiles();
    app.UseSwaggerUI(ui =>
    {
        ui.SwaggerEndpoint("/openapi/v1.json", "Progression API");
        ui.RoutePrefix = "api/docs";
    });
}
app.UseAuthentication();
app.UseAuthorization();
app.UseMunicipalityGate();
app.UseRequestChecks();
app.MapProgressionHealth();
app.MapWebApp();
app.MapSignIn();
if (app.Environment.IsDevelopment()) app.MapOpenApi().AllowAnonymous();
app.MapWolverineEndpoints(opts => opts.ConfigureCases());
app.MapProgressionGraph();
app.PrintWhenStarted();

return await app.RunJasperFxCommands(args);

public partial class Program;
