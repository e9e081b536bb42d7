using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Net.Http.Headers;
using Progression.Api.Access;
using Progression.Api.Cases.Auditing;
using Progression.Api.Cases.Citizens;
using Progression.Api.Cases.Erasure;
using Progression.Api.Cases.FollowUps;
using Progression.Api.Hosting;
using Progression.Api.Programmes;
using Progression.Api.ReadModels;
using Progression.Domain.Cases;
using Wolverine;
using Wolverine.Http;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Cases;

public static class CasesModule
{
    /// <summary>One JSON shape for the HTTP API and for stored events: camelCase, enums as kebab-case words.</summary>
    public static void UseProgressionJson(this JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // First in line: Marten adds its own enum converter before this runs, and the first match wins.
        options.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }

    public static void ConfigureCases(this StoreOptions opts, CatalogueModel catalogue)
    {
        opts.Projections.Add(new CaseProjection(catalogue), ProjectionLifecycle.Inline);
        opts.Projections.Add(new CaseFactsProjection(catalogue, TimeProvider.System), ProjectionLifecycle.Async);
        // An event CaseFacts cannot read or apply stops the projection where it is (Marten pauses the shard) instead
        // of being skipped, Marten's default: a skipped event is a case silently missing from the dashboards. The
        // daemon records the state and its reason in mt_event_progression, which readiness and freshness read on
        // every node, whichever node runs the projection. A new event type must reach every node before it is written.
        opts.Projections.Errors.SkipApplyErrors = false;
        opts.Projections.Errors.SkipSerializationErrors = false;
        opts.Projections.Errors.SkipUnknownEvents = false;
        opts.Events.EnableExtendedProgressionTracking = true;
        // The case list row is the inline projection's side effect: written with the events, or not at all.
        opts.Events.EnableSideEffectsOnInlineProjections = true;
        opts.AddReadModelTables();
        opts.ConfigureProgrammes();
        opts.Schema.For<Case>().Identity(c => c.Id);
        opts.Schema.For<CaseRead>().Index(r => r.CaseId);
        opts.Schema.For<CitizenIdentity>();
        opts.AddMaskingRules();
    }

    public static void ConfigureCases(this WolverineOptions opts)
    {
        // The command context is made per request from the HttpContext (a factory registration): resolved, not built.
        opts.CodeGeneration.AlwaysUseServiceLocationFor<CommandContext>();
    }

    public static void ConfigureCases(this WolverineHttpOptions opts)
    {
        opts.TenantId.DetectWith(new MunicipalityTenancy());
        opts.TenantId.AssertExists();
        opts.RejectUnparseableQueryValues = true;
        opts.AddMiddlewareByMessageType(typeof(IdempotentRetry));
        opts.AddPolicy<AccessRules.Policy>();
    }

    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddHostedService<ExclusiveUse.Shared>();
        services.AddHostedService<FollowUpSweep>();
        services.AddSingleton<ReadAudit>();
        services.AddSingleton<Seeding.Seeder>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadAudit>());
        services.AddSingleton(TimeProvider.System);
        services.AddScoped(sp =>
        {
            var http = sp.GetRequiredService<IHttpContextAccessor>().HttpContext;
            return new CommandContext(
                sp.GetRequiredService<CatalogueModel>(),
                sp.GetRequiredService<TimeProvider>().GetUtcNow(),
                http is null ? "" : MunicipalityTenancy.FromRequest(http) ?? "",
                http is null ? null : IfMatchVersion(http),
                http is null ? null : IdempotentRetry.KeyOf(http),
                http is null ? Caller.Nobody : Caller.From(http.User));
        });
        return services;
    }

    /// <summary>If-Match carries the version as an entity tag: "7", W/"7" or 7.</summary>
    private static long? IfMatchVersion(HttpContext http) =>
        http.Request.GetTypedHeaders().IfMatch is [var tag, ..]
        && long.TryParse(tag.Tag.ToString().Trim('"'), out var version)
            ? version
            : null;
}
