using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Progression.Api.Cases;
using Progression.Api.Cases.Opening;
using Progression.Api.Hosting;
using Progression.Api.ReadModels;
using Progression.Domain.Cases;
using Progression.Domain.Seeding;
using Wolverine.Http;
using CatalogueModel = Progression.Domain.Catalogue.Catalogue;

namespace Progression.Api.Transfer;

/// <summary>A line of an import file as checked: the history to load, or the problem that refuses it (and its case, if readable).</summary>
public sealed record CheckedLine(Guid? CaseId, HistoryToLoad? History, ProblemDetails? Problem);

/// <summary>
/// Holds one line of an import file to the rules a case recorded through the API met. The line is read as strictly as
/// a command body, each event's data as its contract (faults named by JSON path). Then the history is replayed in
/// order: each event becomes the command that records it (<see cref="EventCommands"/>), which that command's endpoint
/// validates against the case as folded so far with the clock at the event's recorded time, and the event must be
/// the very one the endpoint decides; a follow-up due must be one <see cref="FollowUpRules"/> says had fallen due
/// when it was recorded. The first fault refuses the line, as the first problem refuses a command.
/// </summary>
public sealed class HistoryCheck(CatalogueModel catalogue, JsonSerializerOptions api)
{
    /// <summary>Stands for an erased citizen's masked reference while the history is checked as it was recorded.</summary>
    private const string ErasedStandIn = "erased-citizen";

    private readonly JsonSerializerOptions _json = CaseHistoryLine.Json(api);
    private readonly JsonSerializerOptions _api = api;
    private readonly BodyShape _shape = new(api);

    public CheckedLine Check(string text, DateTimeOffset now)
    {
        // JSON text holds a NUL only escaped, and PostgreSQL cannot store one: a line that may hold one is checked field by field.
        var faults = text.Contains(@"\u0000", StringComparison.Ordinal) ? Faults(text) : [];
        var (line, events) = faults.Count == 0 ? Read(text) : default;
        if (line is null || events is null)
        {
            if (faults.Count == 0) faults = Faults(text);
            // What the shape does not model (it judges one value at a time) still must not pass.
            if (faults.Count == 0) faults["line"] = ["has the wrong form"];
            return new CheckedLine(null, null, Problems.Invalid(faults));
        }
        var problem = Replay(line, events, now);
        return problem is not null
            ? new CheckedLine(line.CaseId, null, problem)
            : new CheckedLine(line.CaseId, new HistoryToLoad(line.Municipality, line.CaseId, events,
                [.. line.Events.Select(e => new Recording(e.RecordedAt, e.RecordedBy, e.Id, e.CorrelationId, e.CausationId, e.Headers))]), null);
    }

    /// <summary>The line and its events, or nothing when either does not read (then <see cref="Faults"/> says why).</summary>
    private (CaseHistoryLine?, IReadOnlyList<object>?) Read(string text)
    {
        try
        {
            var line = JsonSerializer.Deserialize<CaseHistoryLine>(text, _json);
            if (line is null || line.Events.Any(e => !EventContracts.ByName.ContainsKey(e.Type))) return default;
            List<object> events = [.. line.Events.Select(e => e.Data.Deserialize(EventContracts.ByName[e.Type], _json)).OfType<object>()];
            return events.Count == line.Events.Count ? (line, events) : default; // data that is null is a fault
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>Every fault of a line that does not read, by its JSON path, in the API's words.</summary>
    private Dictionary<string, string[]> Faults(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            return new() { ["line"] = [$"is not valid JSON (byte {ex.BytePositionInLine + 1})"] };
        }
        using (document)
        {
            var errors = Under("line", _shape.Check(document.RootElement, typeof(CaseHistoryLine)));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array) return errors;
            foreach (var (e, i) in events.EnumerateArray().Select((e, i) => (e, i)))
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String) continue;
                if (!EventContracts.ByName.TryGetValue(type.GetString()!, out var contract))
                    errors[$"events[{i}].type"] = [$"is not a case event (one of {string.Join(", ", EventContracts.ByName.Keys.Order())})"];
                else if (e.TryGetProperty("data", out var data))
                    foreach (var (path, reasons) in Under($"events[{i}].data", _shape.Check(data, contract)))
                        errors[path] = reasons;
            }
            return errors;
        }
    }

    private static Dictionary<string, string[]> Under(string root, Dictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key == BodyShape.Root ? root : root == "line" ? e.Key : $"{root}.{e.Key}", e => e.Value);

    private ProblemDetails? Replay(CaseHistoryLine line, IReadOnlyList<object> events, DateTimeOffset now)
    {
        if (line.CaseId == Guid.Empty) return Problems.Invalid("caseId", "must not be the empty id");
        if (Kommunekoder.Find(line.Municipality) is null) return Problems.Invalid("municipality", "is not a kommunekode (e.g. 0101)");
        if (events is not [CaseOpened opened, ..]) return Problems.Invalid(events.Count == 0 ? "events" : "events[0].type", "a history begins with case-opened");
        if (opened.CaseId != line.CaseId) return Problems.Invalid("events[0].data.caseId", "is not the line's caseId");

        // An erased citizen's case keeps its anonymous course; it was recorded before the erasure masked the reference.
        var asRecorded = opened.CitizenReference == Erasure.Mask ? opened with { CitizenReference = ErasedStandIn } : opened;
        Case? current = null;
        var measurements = new HashSet<Guid>();
        for (var i = 0; i < events.Count; i++)
        {
            var recorded = line.Events[i];
            var context = new CommandContext(catalogue, recorded.RecordedAt, line.Municipality, current?.Version);
            var problem = recorded.Version != i + 1 ? Problems.Invalid("version", $"must be {i + 1}: the case's events count from 1, in order")
                : recorded.RecordedAt > now + CommandContext.ClockSkew ? Problems.Invalid("recordedAt", $"{recorded.RecordedAt:O} lies in the future")
                : current is null ? Opening(asRecorded, context)
                : events[i] switch
                {
                    CaseOpened => Problems.Invalid("type", "a case is opened once, by its first event"),
                    FollowUpDue due => WasDue(due, current, context.Now),
                    ProgressionMeasured measured when !measurements.Add(measured.MeasurementId) || measured.MeasurementId == Guid.Empty =>
                        CaseRules.NewPart("measurementId", measured.MeasurementId, exists: true),
                    var e => Recorded(e, current, context),
                };
            if (problem is not null) return At(i, problem);
            current = (current is null ? Case.Open(line.CaseId, asRecorded) : current.Evolve(events[i])) with { Version = i + 1 };
        }
        return null;
    }

    private ProblemDetails? Opening(CaseOpened opened, CommandContext context)
    {
        var command = EventCommands.Opening(opened);
        var problem = OpenCaseEndpoint.Validate(command, context);
        if (!ReferenceEquals(problem, WolverineContinue.NoProblems)) return problem;
        var decided = (CaseOpened)OpenCaseEndpoint.Post(command, context).Item2.Events.Single();
        // The service chose the case's id; the history keeps the one it chose then.
        return Differs(decided with { CaseId = opened.CaseId }, opened);
    }

    private ProblemDetails? Recorded(object e, Case current, CommandContext context)
    {
        var command = EventCommands.For(e);
        var problem = EventCommands.Validate(command, current, context);
        if (!ReferenceEquals(problem, WolverineContinue.NoProblems)) return problem;
        var decided = EventCommands.Decide(command, current, context);
        // The service chose the measurement's id; the history keeps the one it chose then.
        return Differs(decided is ProgressionMeasured m && e is ProgressionMeasured given ? m with { MeasurementId = given.MeasurementId } : decided, e);
    }

    /// <summary>A follow-up is recorded only when the case waited for it and it had fallen due (as the sweep records it).</summary>
    private ProblemDetails? WasDue(FollowUpDue due, Case current, DateTimeOffset recordedAt) =>
        FollowUpRules.DueBy(current, instrument => CaseList.IntervalDays(catalogue, instrument), recordedAt).Contains(due)
            ? null
            : Problems.Conflict("data", "the case did not wait for this follow-up, or it had not fallen due when it was recorded");

    /// <summary>The event as given must be the one the endpoint decides (a catalogue intervention's cells, the municipality…).</summary>
    private ProblemDetails? Differs(object decided, object given)
    {
        if (decided.Equals(given)) return null; // records with lists compare by reference: those are compared as JSON
        var (expected, actual) = (JsonSerializer.SerializeToNode(decided, decided.GetType(), _api)!.AsObject(),
            JsonSerializer.SerializeToNode(given, given.GetType(), _api)!.AsObject());
        var field = expected.Select(p => p.Key).FirstOrDefault(key => !JsonNode.DeepEquals(expected[key], actual[key]));
        if (field is null) return null;
        // A text's value is left out: the report may be kept like a log, and text may be a note or a reference.
        var value = expected[field] is { } node && node.GetValueKind() == JsonValueKind.String ? "" : $": {expected[field]?.ToJsonString() ?? "null"}";
        return Problems.Invalid(field, $"is not what the command records{value}");
    }

    /// <summary>A problem of event <paramref name="index"/>, its fields named by their path in the line.</summary>
    private static ProblemDetails At(int index, ProblemDetails problem)
    {
        var errors = problem.Extensions.TryGetValue("errors", out var value) && value is Dictionary<string, string[]> named
            ? named.ToDictionary(e => PathOf(index, e.Key), e => e.Value)
            : new Dictionary<string, string[]> { [$"events[{index}]"] = [problem.Detail ?? problem.Title ?? "is refused"] };
        return new ProblemDetails
        {
            Status = problem.Status,
            Title = problem.Title,
            Detail = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
            Extensions = { ["errors"] = errors },
        };
    }

    /// <summary>Where a command's field (or an event's) stands in the line: mostly the event's data field of the same name.</summary>
    private static string PathOf(int index, string field) => field switch
    {
        "version" or "recordedAt" or "type" or "data" => $"events[{index}].{field}",
        "case" or "expectedVersion" => $"events[{index}]",
        "local" or "local.name" => $"events[{index}].data.localName",
        _ when field.StartsWith("local.cells", StringComparison.Ordinal) => $"events[{index}].data.cells{field["local.cells".Length..]}",
        _ => $"events[{index}].data.{field}",
    };
}
