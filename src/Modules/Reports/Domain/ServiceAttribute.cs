using System.Globalization;
using System.Text.RegularExpressions;

namespace Mekong.Modules.Reports.Domain;

/// <summary>The datatypes of an Open311 service attribute, spelled as the specification spells them.</summary>
internal enum AttributeDataType
{
    String,
    Number,
    DateTime,
    Text,
    SingleValueList,
    MultiValueList,
}

internal static class AttributeDataTypes
{
    public static string Open311Name(this AttributeDataType type) => type switch
    {
        AttributeDataType.String => "string",
        AttributeDataType.Number => "number",
        AttributeDataType.DateTime => "datetime",
        AttributeDataType.Text => "text",
        AttributeDataType.SingleValueList => "singlevaluelist",
        AttributeDataType.MultiValueList => "multivaluelist",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool IsList(this AttributeDataType type) => type is AttributeDataType.SingleValueList or AttributeDataType.MultiValueList;
}

/// <summary>One choice of a list attribute: <c>key</c> is what a client sends, the names what a person reads.</summary>
internal sealed record AttributeValue(string Key, string NameVi, string NameEn);

/// <summary>
/// One extra field of a service category (an Open311 service definition attribute). <see cref="Variable"/> false is an
/// instruction shown to the reporter, never a value. Values are checked by <see cref="Check"/>.
/// </summary>
internal sealed partial record ServiceAttribute(
    string Code,
    AttributeDataType DataType,
    bool Required,
    int Order,
    string DescriptionVi,
    string DescriptionEn,
    IReadOnlyList<AttributeValue> Values,
    bool Variable = true,
    string? DatatypeDescriptionVi = null,
    string? DatatypeDescriptionEn = null)
{
    public const int StringMaxLength = 500;
    public const int TextMaxLength = 4000;

    /// <summary>Why the definition itself is wrong, or null (checked when a category is defined).</summary>
    public string? DefinitionProblem()
    {
        if (!CodePattern().IsMatch(Code))
        {
            return $"Attribute code '{Code}' must be 1 to 50 letters, digits, '_' or '-'.";
        }

        if (Order < 1)
        {
            return $"Attribute '{Code}' needs a positive order.";
        }

        if (string.IsNullOrWhiteSpace(DescriptionVi))
        {
            return $"Attribute '{Code}' needs a Vietnamese description.";
        }

        if (DataType.IsList() != (Values.Count > 0))
        {
            return DataType.IsList() ? $"List attribute '{Code}' needs values." : $"Attribute '{Code}' is not a list and cannot have values.";
        }

        if (Values.Select(v => v.Key).Distinct(StringComparer.Ordinal).Count() != Values.Count || Values.Any(v => !CodePattern().IsMatch(v.Key)))
        {
            return $"The value keys of attribute '{Code}' must be distinct codes of letters, digits, '_' or '-'.";
        }

        if (!Variable && Required)
        {
            return $"Attribute '{Code}' only informs (variable false) and cannot be required.";
        }

        return null;
    }

    /// <summary>
    /// Checks what a client sent for this attribute; returns the values to store (list keys, a number or a datetime in
    /// invariant form) or the reason they are refused. An absent or empty value is <c>[]</c>.
    /// </summary>
    public (IReadOnlyList<string> Values, string? Problem) Check(IReadOnlyList<string> sent)
    {
        var given = sent.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).ToList();
        if (!Variable)
        {
            return given.Count == 0 ? ([], null) : ([], $"attribute[{Code}] only informs and takes no value.");
        }

        if (given.Count == 0)
        {
            return Required ? ([], $"attribute[{Code}] is required.") : ([], null);
        }

        if (DataType != AttributeDataType.MultiValueList && given.Count > 1)
        {
            return ([], $"attribute[{Code}] takes one value ({DataType.Open311Name()}), not {given.Count}.");
        }

        var value = given[0];
        switch (DataType)
        {
            case AttributeDataType.String:
                if (value.Length > StringMaxLength || value.Contains('\n') || value.Contains('\r'))
                {
                    return ([], $"attribute[{Code}] is a string: one line of at most {StringMaxLength} characters.");
                }

                return ControlProblem(value) ?? ([value], null);
            case AttributeDataType.Text:
                if (value.Length > TextMaxLength)
                {
                    return ([], $"attribute[{Code}] is a text of at most {TextMaxLength} characters.");
                }

                return ControlProblem(value) ?? ([value], null);
            case AttributeDataType.Number:
                if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    return ([], $"attribute[{Code}] is a number ('{Shorten(value)}' is not; use digits and '.').");
                }

                return ([number.ToString(CultureInfo.InvariantCulture)], null);
            case AttributeDataType.DateTime:
                if (!W3cDateTime.TryParse(value, out var at))
                {
                    return ([], $"attribute[{Code}] is an ISO 8601 datetime with a time zone, e.g. 2026-01-31T08:30:00+07:00 ('{Shorten(value)}' is not).");
                }

                return ([W3cDateTime.Format(at)], null);
            case AttributeDataType.SingleValueList:
            case AttributeDataType.MultiValueList:
                var unknown = given.FirstOrDefault(v => !Values.Any(k => k.Key == v));
                if (unknown is not null)
                {
                    return ([], $"attribute[{Code}]: '{Shorten(unknown)}' is not one of its keys ({string.Join(", ", Values.Select(v => v.Key))}).");
                }

                if (given.Distinct(StringComparer.Ordinal).Count() != given.Count)
                {
                    return ([], $"attribute[{Code}] names a key twice.");
                }

                return (given, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(sent));
        }
    }

    private (IReadOnlyList<string>, string?)? ControlProblem(string value) =>
        value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t') ? ([], $"attribute[{Code}] contains control characters.") : null;

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,50}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
