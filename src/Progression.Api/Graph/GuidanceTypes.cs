using GraphQL.Types;
using Progression.Domain.Cases;
using Progression.Domain.Guidance;

namespace Progression.Api.Graph;

// The guidance in the graph: a case's suggestions (on `case`) and the programme check, shaped as the REST answers are.

public sealed class CaseSuggestionsType : RecordGraphType<CaseSuggestions>
{
    public CaseSuggestionsType()
    {
        Name = "CaseSuggestions";
        GetField("CaseId")!.Type = typeof(NonNullGraphType<IdGraphType>);
    }
}
public sealed class BlindSpotSuggestionsType : RecordGraphType<BlindSpotSuggestions> { public BlindSpotSuggestionsType() => Name = "BlindSpotSuggestions"; }
public sealed class SuggestedInterventionType : RecordGraphType<SuggestedIntervention> { public SuggestedInterventionType() => Name = "SuggestedIntervention"; }
public sealed class PreviousParticipationType : RecordGraphType<PreviousParticipation> { public PreviousParticipationType() => Name = "PreviousParticipation"; }
public sealed class LocalResultsType : RecordGraphType<LocalResults> { public LocalResultsType() => Name = "LocalResults"; }
public sealed class SuggestedToolType : RecordGraphType<SuggestedTool> { public SuggestedToolType() => Name = "SuggestedTool"; }

public sealed class ProgrammeAssessmentType : RecordGraphType<ProgrammeAssessment> { public ProgrammeAssessmentType() => Name = "ProgrammeAssessment"; }
public sealed class UnaddressedCellType : RecordGraphType<UnaddressedCell> { public UnaddressedCellType() => Name = "UnaddressedCell"; }
public sealed class CellBarrierType : RecordGraphType<CellBarrier> { public CellBarrierType() => Name = "CellBarrier"; }
public sealed class AddressedCellType : RecordGraphType<AddressedCell> { public AddressedCellType() => Name = "AddressedCell"; }
public sealed class CellInterventionType : RecordGraphType<CellIntervention> { public CellInterventionType() => Name = "CellIntervention"; }
public sealed class ProgrammeDemandType : RecordGraphType<ProgrammeDemand> { public ProgrammeDemandType() => Name = "ProgrammeDemand"; }
public sealed class CellDemandType : RecordGraphType<CellDemand> { public CellDemandType() => Name = "CellDemand"; }
public sealed class CommonTraitType : RecordGraphType<Progression.Domain.Catalogue.CommonTrait> { public CommonTraitType() => Name = "CommonTrait"; }

/// <summary>A programme to check: as the REST body of POST /api/programmes/assessment.</summary>
public sealed class ProgrammeInputType : InputObjectGraphType<Programme>
{
    public ProgrammeInputType()
    {
        Name = "ProgrammeInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("targetGroup");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("riskFactors");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CellInputType>>>>("cells");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("interventions");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tools");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("traits");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new Programme(
        (string)value["name"]!, (string)value["targetGroup"]!,
        [.. ((IEnumerable<object?>)value["riskFactors"]!).Cast<string>()],
        [.. ((IEnumerable<object?>)value["cells"]!).Cast<CellInput>().Select(c => new MatrixCell(c.Factor, c.Level))],
        Strings(value, "interventions"), Strings(value, "tools"), Strings(value, "traits"));

    private static IReadOnlyList<string>? Strings(IDictionary<string, object?> value, string name) =>
        value.TryGetValue(name, out var list) && list is IEnumerable<object?> items ? [.. items.Cast<string>()] : null;
}
