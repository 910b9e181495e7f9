using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.ManageCategories;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Reports.Ui.Cases;

/// <summary>
/// The admin form writes a category's attributes one per line:
/// <c>code | datatype | required (yes/no) | description vi | description en | key=Vi/En; key=Vi/En</c>.
/// </summary>
internal static class AttributeLines
{
    public static List<AttributeInput> Parse(string text, FieldErrors errors)
    {
        var result = new List<AttributeInput>();
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split('|', StringSplitOptions.TrimEntries);
            if (parts.Length < 4)
            {
                errors.Add("attributes", $"Line {i + 1}: code | datatype | required | description vi | description en | values.");
                continue;
            }

            var values = parts.Length > 5 && parts[5].Length > 0
                ? parts[5].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v =>
                {
                    var (key, names) = v.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (v[..at].Trim(), v[(at + 1)..]) : (v, v);
                    var split = names.Split('/', 2, StringSplitOptions.TrimEntries);
                    return new AttributeValueInput(key, split[0], split.Length > 1 ? split[1] : split[0]);
                }).ToList()
                : [];
            var required = parts[2].ToLowerInvariant() is "yes" or "có" or "co" or "true" or "1";
            result.Add(new AttributeInput(parts[0], parts[1], required, i + 1, parts[3], parts.Length > 4 ? parts[4] : null, values));
        }

        return result;
    }

    public static string Format(IEnumerable<ServiceAttribute> attributes) => string.Join('\n', attributes.OrderBy(a => a.Order).Select(a =>
        $"{a.Code} | {a.DataType.Open311Name()} | {(a.Required ? "yes" : "no")} | {a.DescriptionVi} | {a.DescriptionEn}"
        + (a.Values.Count == 0 ? string.Empty : " | " + string.Join("; ", a.Values.Select(v => $"{v.Key}={v.NameVi}/{v.NameEn}")))));
}
