using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Progression.Api.Graph;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Graph;

/// <summary>The checked-in SDL (schema/graphql/schema.graphql) is the running schema: a change to either fails here.</summary>
public class SchemaFileTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public void The_running_schema_matches_the_checked_in_sdl()
    {
        var schema = app.Host.Services.GetRequiredService<ProgressionSchema>();
        schema.Initialize();
        var running = schema.Print().ReplaceLineEndings("\n").Trim() + "\n";
        var file = Path.Combine(RepositoryRoot(), "schema", "graphql", "schema.graphql");

        if (Environment.GetEnvironmentVariable("PROGRESSION_WRITE_SCHEMAS") == "1") File.WriteAllText(file, running);

        Assert.True(File.Exists(file), $"{file} is missing: run the tests once with PROGRESSION_WRITE_SCHEMAS=1");
        Assert.True(running == File.ReadAllText(file).ReplaceLineEndings("\n"),
            "The running GraphQL schema differs from schema/graphql/schema.graphql. If the change is intended, " +
            "regenerate it: PROGRESSION_WRITE_SCHEMAS=1 ./test.sh --filter FullyQualifiedName~SchemaFileTests");
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Progression.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Progression.sln not found above the test binaries");
    }
}
