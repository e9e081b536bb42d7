namespace Progression.Domain.Seeding;

/// <summary>A Danish municipality: its four-digit code (kommunekode, the tenant of its cases) and its name.</summary>
public sealed record Kommune(string Code, string Name);

/// <summary>
/// Denmark's 98 municipalities since 2007. Order: the municipalities of the four largest cities, largest city first
/// (København, Aarhus, Odense, Aalborg), then the other 94 by code. So "the first M" always starts with the big four,
/// and the rest follow a rule anyone can check without a population table that changes every year.
/// </summary>
public static class Kommunekoder
{
    public static IReadOnlyList<Kommune> All { get; } =
    [
        new("0101", "København"), new("0751", "Aarhus"), new("0461", "Odense"), new("0851", "Aalborg"),
        new("0147", "Frederiksberg"), new("0151", "Ballerup"), new("0153", "Brøndby"), new("0155", "Dragør"),
        new("0157", "Gentofte"), new("0159", "Gladsaxe"), new("0161", "Glostrup"), new("0163", "Herlev"),
        new("0165", "Albertslund"), new("0167", "Hvidovre"), new("0169", "Høje-Taastrup"), new("0173", "Lyngby-Taarbæk"),
        new("0175", "Rødovre"), new("0183", "Ishøj"), new("0185", "Tårnby"), new("0187", "Vallensbæk"),
        new("0190", "Furesø"), new("0201", "Allerød"), new("0210", "Fredensborg"), new("0217", "Helsingør"),
        new("0219", "Hillerød"), new("0223", "Hørsholm"), new("0230", "Rudersdal"), new("0240", "Egedal"),
        new("0250", "Frederikssund"), new("0253", "Greve"), new("0259", "Køge"), new("0260", "Halsnæs"),
        new("0265", "Roskilde"), new("0269", "Solrød"), new("0270", "Gribskov"), new("0306", "Odsherred"),
        new("0316", "Holbæk"), new("0320", "Faxe"), new("0326", "Kalundborg"), new("0329", "Ringsted"),
        new("0330", "Slagelse"), new("0336", "Stevns"), new("0340", "Sorø"), new("0350", "Lejre"),
        new("0360", "Lolland"), new("0370", "Næstved"), new("0376", "Guldborgsund"), new("0390", "Vordingborg"),
        new("0400", "Bornholm"), new("0410", "Middelfart"), new("0420", "Assens"), new("0430", "Faaborg-Midtfyn"),
        new("0440", "Kerteminde"), new("0450", "Nyborg"), new("0479", "Svendborg"), new("0480", "Nordfyns"),
        new("0482", "Langeland"), new("0492", "Ærø"), new("0510", "Haderslev"), new("0530", "Billund"),
        new("0540", "Sønderborg"), new("0550", "Tønder"), new("0561", "Esbjerg"), new("0563", "Fanø"),
        new("0573", "Varde"), new("0575", "Vejen"), new("0580", "Aabenraa"), new("0607", "Fredericia"),
        new("0615", "Horsens"), new("0621", "Kolding"), new("0630", "Vejle"), new("0657", "Herning"),
        new("0661", "Holstebro"), new("0665", "Lemvig"), new("0671", "Struer"), new("0706", "Syddjurs"),
        new("0707", "Norddjurs"), new("0710", "Favrskov"), new("0727", "Odder"), new("0730", "Randers"),
        new("0740", "Silkeborg"), new("0741", "Samsø"), new("0746", "Skanderborg"), new("0756", "Ikast-Brande"),
        new("0760", "Ringkøbing-Skjern"), new("0766", "Hedensted"), new("0773", "Morsø"), new("0779", "Skive"),
        new("0787", "Thisted"), new("0791", "Viborg"), new("0810", "Brønderslev"), new("0813", "Frederikshavn"),
        new("0820", "Vesthimmerlands"), new("0825", "Læsø"), new("0840", "Rebild"), new("0846", "Mariagerfjord"),
        new("0849", "Jammerbugt"), new("0860", "Hjørring"),
    ];

    private static readonly Dictionary<string, Kommune> ByCode = All.ToDictionary(k => k.Code);

    /// <summary>The codes of the first <paramref name="count"/> municipalities in the documented order.</summary>
    public static IReadOnlyList<string> First(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, All.Count);
        return [.. All.Take(count).Select(k => k.Code)];
    }

    public static Kommune? Find(string code) => ByCode.GetValueOrDefault(code);
}
