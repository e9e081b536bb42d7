using System.Text.Json.Serialization;
using JasperFx;
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

var dataSource = await ProgressionDatabase.ResolveAsync(builder);
builder.Services.AddSingleton(dataSource);
builder.Services.AddCatalogue(builder.Configuration);

builder.Services.AddMarten(opts =>
    {
        opts.Connection(dataSource);
        opts.DatabaseSchemaName = "progression";
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => json.UseProgressionJson());
        // The municipality (kommunekode) is the tenant from the first line: every stream and document carries it.
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
        // Rich appends give inline projections each event's version (the case view's version is the stream's).
        opts.Events.AppendMode = EventAppendMode.Rich;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.ConfigureCases();
    })
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.Solo)
    .IntegrateWithWolverine(m => m.MessageStorageSchemaName = "wolverine");

builder.Host.UseWolverine(opts =>
{
    opts.UseRuntimeCompilation();
    opts.Policies.AutoApplyTransactions();
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
builder.Services.AddExceptionHandler<ConflictExceptionHandler>();
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
    // GraphiQL at /graphiql/ (wwwroot/graphiql, built from GraphiQL/ with npm). Served before authentication so the
    // page loads without a token; it sends the pasted token itself on every call to /graphql.
    app.UseDefaultFiles();
    app.UseStaticFiles();
}
app.UseAuthentication();
app.UseAuthorization();
app.UseMunicipalityGate();
app.MapProgressionHealth();
if (app.Environment.IsDevelopment())
{
    app.MapOpenApi().AllowAnonymous();
    app.UseSwaggerUI(ui =>
    {
        ui.SwaggerEndpoint("/openapi/v1.json", "Progression API");
        ui.RoutePrefix = "api/docs";
    });
}
app.MapWolverineEndpoints(opts => opts.ConfigureCases());
app.MapProgressionGraph();
app.PrintWhenStarted();

return await app.RunJasperFxCommands(args);

public partial class Program;
