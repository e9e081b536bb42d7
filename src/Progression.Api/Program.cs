using JasperFx;
using JasperFx.MultiTenancy;
using Marten;
using Progression.Api.Catalogue;
using Progression.Api.Hosting;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);

var dataSource = await ProgressionDatabase.ResolveAsync(builder);
builder.Services.AddSingleton(dataSource);
builder.Services.AddCatalogue(builder.Configuration);

builder.Services.AddMarten(opts =>
    {
        opts.Connection(dataSource);
        opts.DatabaseSchemaName = "progression";
        // The municipality (kommunekode) is the tenant from the first line: every stream and document carries it.
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
    })
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .IntegrateWithWolverine(m => m.MessageStorageSchemaName = "wolverine");

builder.Host.UseWolverine(opts =>
{
    opts.UseRuntimeCompilation();
    opts.Policies.AutoApplyTransactions();
});

builder.Services.AddWolverineHttp();
builder.Services.AddProblemDetails();
builder.Services.AddProgressionHealth();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapProgressionHealth();
app.MapWolverineEndpoints();
app.PrintWhenStarted();

return await app.RunJasperFxCommands(args);

public partial class Program;
