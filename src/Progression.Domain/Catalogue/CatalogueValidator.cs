using System.Text.RegularExpressions;

namespace Progression.Domain.Catalogue;

/// <summary>
/// Checks the catalogue's references as a whole: ids well-formed and unique across all files, every cell on a factor
/// of the same group and a known level, barrier ids naming their cell, footnotes and markers pointing at something.
/// </summary>
public static partial class CatalogueValidator
{
    [GeneratedRegex("^[a-z0-9]+(?:[-.][a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    public static IReadOnlyList<CatalogueFault> Validate(
        CatalogueManifest manifest, IReadOnlyList<GroupFiles> groups, InstrumentsFile instruments)
    {
        var check = new Checker(manifest);
        check.Manifest();
        foreach (var group in groups) check.Group(group);
        // Markers may point at another group's intervention (the adult table's # points at youth High:five),
        // so they are checked once every intervention id is known.
        foreach (var group in groups) check.Markers(group);
        check.Instruments(instruments);
        return check.Faults;
    }

    private sealed class Checker(CatalogueManifest manifest)
    {
        private readonly Dictionary<string, string> _ids = new();
        private readonly Dictionary<string, string> _factorGroup = new();
        private readonly HashSet<string> _factorsWithoutBarriers = [];
        private readonly HashSet<string> _interventions = [];
        private readonly HashSet<string> _levels = manifest.Levels.Select(l => l.Id).ToHashSet();
        private readonly HashSet<string> _grades = manifest.EvidenceGrades.Select(g => g.Id).ToHashSet();

        public List<CatalogueFault> Faults { get; } = [];

        private void Fault(string file, string path, string message) => Faults.Add(new(file, path, message));

        private void Id(string file, string path, string id)
        {
            if (!SlugPattern().IsMatch(id))
                Fault(file, path, $"id '{id}' is not a slug (lower-case letters and digits joined by '-' or '.')");
            else if (!_ids.TryAdd(id, $"{file} {path}"))
                Fault(file, path, $"duplicate id '{id}' (first at {_ids[id]})");
        }

        private void Text(string file, string path, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) Fault(file, path, "must not be empty");
        }

        public void Manifest()
        {
            const string file = CatalogueLoader.ManifestFile;
            Text(file, "$.version", manifest.Version);
            if (manifest.Groups.Count == 0) Fault(file, "$.groups", "at least one target group is required");
            for (var i = 0; i < manifest.Groups.Count; i++) Id(file, $"$.groups[{i}].id", manifest.Groups[i].Id);
            for (var i = 0; i < manifest.Levels.Count; i++) Id(file, $"$.levels[{i}].id", manifest.Levels[i].Id);
            for (var i = 0; i < manifest.CommonTraits.Count; i++) Id(file, $"$.commonTraits[{i}].id", manifest.CommonTraits[i].Id);
            foreach (var order in manifest.Levels.GroupBy(l => l.Order).Where(g => g.Count() > 1))
                Fault(file, "$.levels", $"level order {order.Key} is used by more than one level");
            for (var i = 0; i < manifest.EvidenceGrades.Count; i++)
                Id(file, $"$.evidenceGrades[{i}].id", manifest.EvidenceGrades[i].Id);
        }

        public void Group(GroupFiles group)
        {
            var id = group.Header.Id;
            RiskFactors(id, group.RiskFactors!);
            Barriers(id, group.Barriers!);
            Interventions(id, group.Interventions!);
            Tools(id, group.Tools!);
        }

        private void SameGroup(string file, string group, string declared)
        {
            if (declared != group) Fault(file, "$.group", $"file is in folder '{group}' but declares group '{declared}'");
        }

        private void RiskFactors(string group, RiskFactorsFile data)
        {
            var file = $"{group}/{CatalogueLoader.RiskFactorsFile}";
            SameGroup(file, group, data.Group);
            for (var c = 0; c < data.Categories.Count; c++)
            {
                var category = data.Categories[c];
                Id(file, $"$.categories[{c}].id", category.Id);
                Text(file, $"$.categories[{c}].labelDa", category.LabelDa);
                if (category.Factors.Count == 0) Fault(file, $"$.categories[{c}].factors", "a category needs at least one risk factor");
                for (var f = 0; f < category.Factors.Count; f++)
                {
                    var factor = category.Factors[f];
                    var path = $"$.categories[{c}].factors[{f}]";
                    Id(file, path + ".id", factor.Id);
                    Text(file, path + ".labelDa", factor.LabelDa);
                    Text(file, path + ".labelEn", factor.LabelEn);
                    _factorGroup.TryAdd(factor.Id, group);
                    if (!factor.InBarrierTable) _factorsWithoutBarriers.Add(factor.Id);
                }
            }
        }

        private void Cell(string file, string path, string group, Cell cell)
        {
            if (!_factorGroup.TryGetValue(cell.Factor, out var owner))
                Fault(file, path + ".factor", $"unknown risk factor '{cell.Factor}'");
            else if (owner != group)
                Fault(file, path + ".factor", $"risk factor '{cell.Factor}' belongs to group '{owner}', not '{group}'");
            if (!_levels.Contains(cell.Level))
                Fault(file, path + ".level", $"unknown level '{cell.Level}' (known: {string.Join(", ", _levels)})");
        }

        private void Barriers(string group, BarriersFile data)
        {
            var file = $"{group}/{CatalogueLoader.BarriersFile}";
            SameGroup(file, group, data.Group);
            var footnotes = (data.Footnotes ?? []).Select(f => f.Number).ToHashSet();
            for (var i = 0; i < data.Barriers.Count; i++)
            {
                var barrier = data.Barriers[i];
                var path = $"$.barriers[{i}]";
                Id(file, path + ".id", barrier.Id);
                Text(file, path + ".textDa", barrier.TextDa);
                Text(file, path + ".textEn", barrier.TextEn);
                Cell(file, path, group, barrier.Cell);
                if (!barrier.Id.StartsWith($"{barrier.Factor}.{barrier.Level}.", StringComparison.Ordinal))
                    Fault(file, path + ".id", $"barrier id '{barrier.Id}' must start with its cell '{barrier.Factor}.{barrier.Level}.'");
                if (_factorsWithoutBarriers.Contains(barrier.Factor))
                    Fault(file, path + ".factor", $"risk factor '{barrier.Factor}' is marked inBarrierTable: false");
                var notes = barrier.Footnotes ?? [];
                for (var n = 0; n < notes.Count; n++)
                    if (!footnotes.Contains(notes[n]))
                        Fault(file, $"{path}.footnotes[{n}]", $"footnote {notes[n]} is not listed in $.footnotes");
            }
        }

        private void Grade(string file, string path, string grade)
        {
            if (!_grades.Contains(grade))
                Fault(file, path, $"unknown evidence grade '{grade}' (known: {string.Join(", ", _grades)})");
        }

        private void Interventions(string group, InterventionsFile data)
        {
            var file = $"{group}/{CatalogueLoader.InterventionsFile}";
            SameGroup(file, group, data.Group);
            var numbers = new HashSet<int>();
            for (var i = 0; i < data.Interventions.Count; i++)
            {
                var intervention = data.Interventions[i];
                var path = $"$.interventions[{i}]";
                Id(file, path + ".id", intervention.Id);
                _interventions.Add(intervention.Id);
                Text(file, path + ".nameDa", intervention.NameDa);
                Text(file, path + ".resultDa", intervention.ResultDa);
                Grade(file, path + ".evidence", intervention.Evidence);
                if (intervention.Number < 1 || !numbers.Add(intervention.Number))
                    Fault(file, path + ".number", $"number {intervention.Number} is not a new positive table number");
                if (intervention.Cells.Count == 0)
                    Fault(file, path + ".cells", "an intervention must address at least one cell");
                for (var c = 0; c < intervention.Cells.Count; c++)
                    Cell(file, $"{path}.cells[{c}]", group, intervention.Cells[c]);
                if (intervention.Cells.Distinct().Count() != intervention.Cells.Count)
                    Fault(file, path + ".cells", "a cell is listed twice");
            }
        }

        public void Markers(GroupFiles group)
        {
            var file = $"{group.Header.Id}/{CatalogueLoader.InterventionsFile}";
            var markers = group.Interventions!.Markers ?? [];
            for (var m = 0; m < markers.Count; m++)
            {
                var marker = markers[m];
                var path = $"$.markers[{m}]";
                Text(file, path + ".symbol", marker.Symbol);
                Text(file, path + ".textDa", marker.TextDa);
                var cells = marker.Cells ?? [];
                for (var c = 0; c < cells.Count; c++) Cell(file, $"{path}.cells[{c}]", group.Header.Id, cells[c]);
                if (marker.RefersTo is { } target && !_interventions.Contains(target))
                    Fault(file, path + ".refersTo", $"unknown intervention '{target}'");
            }
        }

        private void Tools(string group, ToolsFile data)
        {
            var file = $"{group}/{CatalogueLoader.ToolsFile}";
            SameGroup(file, group, data.Group);
            for (var i = 0; i < data.Tools.Count; i++)
            {
                var tool = data.Tools[i];
                Id(file, $"$.tools[{i}].id", tool.Id);
                Text(file, $"$.tools[{i}].nameDa", tool.NameDa);
                Grade(file, $"$.tools[{i}].evidence", tool.Evidence);
            }
        }

        public void Instruments(InstrumentsFile data)
        {
            const string file = CatalogueLoader.InstrumentsFile;
            for (var i = 0; i < data.Instruments.Count; i++)
            {
                var instrument = data.Instruments[i];
                var path = $"$.instruments[{i}]";
                Id(file, path + ".id", instrument.Id);
                Text(file, path + ".nameDa", instrument.NameDa);
                if (instrument.Version < 1) Fault(file, path + ".version", "version must be 1 or more");
                if (instrument.Group is { } g && manifest.Groups.All(h => h.Id != g))
                    Fault(file, path + ".group", $"unknown target group '{g}'");
                if (instrument.FollowUpIntervalDays < 1)
                    Fault(file, path + ".followUpIntervalDays", "the follow-up interval must be at least one day");
                if (instrument.Scale.Min >= instrument.Scale.Max)
                    Fault(file, path + ".scale", $"scale minimum {instrument.Scale.Min} must be below maximum {instrument.Scale.Max}");
                if (instrument.Dimensions.Count == 0) Fault(file, path + ".dimensions", "an instrument needs at least one dimension");
                var seen = new HashSet<string>();
                for (var d = 0; d < instrument.Dimensions.Count; d++)
                {
                    var dimension = instrument.Dimensions[d];
                    // Dimension ids are local to their instrument: checked for form and uniqueness here, not globally.
                    if (!SlugPattern().IsMatch(dimension.Id))
                        Fault(file, $"{path}.dimensions[{d}].id", $"id '{dimension.Id}' is not a slug");
                    else if (!seen.Add(dimension.Id))
                        Fault(file, $"{path}.dimensions[{d}].id", $"duplicate dimension id '{dimension.Id}'");
                    Text(file, $"{path}.dimensions[{d}].labelDa", dimension.LabelDa);
                }
            }
        }
    }
}
