using Mekong.Modules.AdminUnits.Domain;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>A property of a boundary file with a few of its values, so a person can tell which column is which.</summary>
internal sealed record PropertySample(string Name, IReadOnlyList<string> Examples);

/// <summary>What a file holds before any mapping is chosen: its format, declared coordinate system and properties.</summary>
internal sealed record FilePreview(string Format, string? DeclaredCrs, bool CrsRequired, int Features, IReadOnlyList<PropertySample> Properties);

/// <summary>
/// Reads a file once to list its properties, and guesses which property holds the code, the name, the parent and so
/// on from the column names Vietnamese GIS offices use (<c>MA_XA</c>, <c>TEN_XA</c>, <c>danso</c>, ...).
/// </summary>
internal static class ImportPreview
{
    private const int Examples = 3;

    /// <summary>Names tried in order, compared without case, spaces or underscores; the level picks its own first.</summary>
    private static readonly Dictionary<string, string[]> Common = new(StringComparer.Ordinal)
    {
        ["code"] = ["code", "ma", "madvhc", "mahc", "ma_dvhc", "id_dvhc", "maso"],
        ["name"] = ["name", "ten", "tendvhc", "ten_dvhc", "tenhc", "name_vi", "ten_vi"],
        ["name_en"] = ["name_en", "nameen", "ten_en", "tentienganh", "name_eng", "english"],
        ["parent"] = ["parent", "parent_code", "ma_cha", "macha"],
        ["population"] = ["population", "danso", "dan_so", "so_dan", "pop"],
        ["households"] = ["households", "soho", "so_ho", "hogiadinh", "ho_gd", "sohogd"],
    };

    private static readonly Dictionary<AdminLevel, string> Suffix = new()
    {
        [AdminLevel.Province] = "tinh",
        [AdminLevel.District] = "huyen",
        [AdminLevel.Commune] = "xa",
    };

    public static FilePreview Describe(FeatureSet set)
    {
        var order = new List<string>();
        var examples = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var feature in set.Features)
        {
            foreach (var (name, value) in feature.Attributes)
            {
                if (!examples.TryGetValue(name, out var list))
                {
                    examples[name] = list = [];
                    order.Add(name);
                }

                var text = FeatureReaders.Clean(value);
                if (text is not null && list.Count < Examples && !list.Contains(text, StringComparer.Ordinal))
                {
                    list.Add(text.Length > 60 ? text[..60] + "…" : text);
                }
            }
        }

        return new FilePreview(set.Format, set.DeclaredCrs, set.CrsRequired, set.Features.Count,
            order.Select(n => new PropertySample(n, examples[n])).ToList());
    }

    /// <summary>The property that most likely holds <paramref name="target"/> (code, name, name_en, parent, population, households), or null.</summary>
    public static string? Guess(IReadOnlyList<string> properties, string target, AdminLevel level)
    {
        var byKey = properties.GroupBy(Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var wanted in Candidates(target, level))
        {
            if (byKey.TryGetValue(Key(wanted), out var found))
            {
                return found;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string target, AdminLevel level)
    {
        var own = Suffix[level];
        // A commune's parent column is the district's or province's code (MA_HUYEN, MA_TINH); its own code is MA_XA.
        var parentOf = level switch { AdminLevel.Commune => new[] { "huyen", "tinh" }, AdminLevel.District => ["tinh"], _ => [] };
        switch (target)
        {
            case "code":
                yield return "ma_" + own;
                yield return "ma" + own;
                break;
            case "name":
                yield return "ten_" + own;
                yield return "ten" + own;
                break;
            case "parent":
                foreach (var parent in parentOf)
                {
                    yield return "ma_" + parent;
                    yield return "ma" + parent;
                }

                break;
        }

        foreach (var name in Common.GetValueOrDefault(target, []))
        {
            yield return name;
        }
    }

    private static string Key(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
