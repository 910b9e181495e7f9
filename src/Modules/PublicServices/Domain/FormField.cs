using System.Globalization;

namespace Mekong.Modules.PublicServices.Domain;

/// <summary>The kinds of e-form field (<i>tờ khai điện tử</i>).</summary>
internal enum FormFieldType
{
    Text,
    Number,
    Date,
    Choice,

    /// <summary>A citizen identity number (<i>số định danh cá nhân / CCCD</i>): 12 digits, the first three a province code.</summary>
    IdentityNumber,

    /// <summary>A street address and the commune it is in (a commune code of the jurisdiction).</summary>
    Address,
}

/// <summary>One field of a procedure's e-form. Values arrive as text; <see cref="EForm.Validate"/> checks them.</summary>
internal sealed record FormField(string Key, string LabelVi, string LabelEn, FormFieldType Type, bool Required, IReadOnlyList<string>? Options = null, int? MaxLength = null)
{
    public const int MaxFields = 40;
    public const int KeyMaxLength = 40;
    public const int DefaultMaxLength = 500;

    /// <summary>The form post names an address's commune <c>key.commune</c>.</summary>
    public const string CommuneSuffix = ".commune";

    public string Label(bool english) => english && LabelEn.Length > 0 ? LabelEn : LabelVi;

    public int Limit => MaxLength is > 0 and <= Procedure.TextMaxLength ? MaxLength.Value : DefaultMaxLength;

    public FormField Normalized() => this with
    {
        Key = (Key ?? string.Empty).Trim().ToLowerInvariant(),
        LabelVi = (LabelVi ?? string.Empty).Trim(),
        LabelEn = (LabelEn ?? string.Empty).Trim(),
        Options = Options?.Select(o => (o ?? string.Empty).Trim()).Where(o => o.Length > 0).ToList(),
    };

    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= KeyMaxLength } && char.IsAsciiLetterLower(key[0]) && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    public IEnumerable<(string Key, string Message)> Problems()
    {
        if (!IsValidKey(Key))
        {
            yield return ("key", "A field key is 1 to 40 lower-case letters, digits, '-' or '_', starting with a letter.");
        }

        if (LabelVi.Length is 0 or > Procedure.NameMaxLength)
        {
            yield return ("labelVi", "A field's Vietnamese label is required.");
        }

        if (!Enum.IsDefined(Type))
        {
            yield return ("type", "type is text, number, date, choice, identityNumber or address.");
        }

        if (Type == FormFieldType.Choice && Options is not { Count: > 0 })
        {
            yield return ("options", "A choice field lists its options.");
        }

        if (MaxLength is < 1 or > Procedure.TextMaxLength)
        {
            yield return ("maxLength", $"maxLength is from 1 to {Procedure.TextMaxLength}.");
        }
    }
}

/// <summary>Checks a dossier's e-form values against its procedure's definition: each error names the field and what was wrong.</summary>
internal static class EForm
{
    /// <summary>
    /// The stored values (trimmed, dates as <c>yyyy-MM-dd</c>, numbers invariant) or the errors, by field key
    /// (<c>fields.birth-date</c>). Values for keys the definition does not have are dropped.
    /// </summary>
    public static (Dictionary<string, string> Values, Dictionary<string, string[]> Errors) Validate(
        IReadOnlyList<FormField> definition, IReadOnlyDictionary<string, string?> input, Func<string, bool> isCommune)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in definition)
        {
            var name = "fields." + field.Key;
            var raw = input.GetValueOrDefault(field.Key)?.Trim() ?? string.Empty;
            if (field.Type == FormFieldType.Address)
            {
                var commune = input.GetValueOrDefault(field.Key + FormField.CommuneSuffix)?.Trim() ?? string.Empty;
                if (raw.Length == 0 && commune.Length == 0)
                {
                    if (field.Required)
                    {
                        errors[name] = [$"{field.LabelVi}: required (the address and its commune)."];
                    }

                    continue;
                }

                if (raw.Length == 0 || raw.Length > field.Limit)
                {
                    errors[name] = [$"{field.LabelVi}: the street address is 1 to {field.Limit} characters."];
                }
                else if (commune.Length == 0 || !isCommune(commune))
                {
                    errors[name + FormField.CommuneSuffix] = [$"{field.LabelVi}: choose a commune of the province."];
                }
                else
                {
                    values[field.Key] = raw;
                    values[field.Key + FormField.CommuneSuffix] = commune;
                }

                continue;
            }

            if (raw.Length == 0)
            {
                if (field.Required)
                {
                    errors[name] = [$"{field.LabelVi}: required."];
                }

                continue;
            }

            string? problem = null;
            var stored = raw;
            switch (field.Type)
            {
                case FormFieldType.Text:
                    if (raw.Length > field.Limit)
                    {
                        problem = $"at most {field.Limit} characters.";
                    }

                    break;
                case FormFieldType.Number:
                    if (!decimal.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                    {
                        problem = "a number (digits, '.' for decimals).";
                    }
                    else
                    {
                        stored = number.ToString(CultureInfo.InvariantCulture);
                    }

                    break;
                case FormFieldType.Date:
                    if (!DateOnly.TryParseExact(raw, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        problem = "a date (yyyy-mm-dd or dd/mm/yyyy).";
                    }
                    else
                    {
                        stored = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    }

                    break;
                case FormFieldType.Choice:
                    var option = field.Options?.FirstOrDefault(o => string.Equals(o, raw, StringComparison.Ordinal));
                    if (option is null)
                    {
                        problem = "one of: " + string.Join(", ", field.Options ?? []) + ".";
                    }

                    break;
                case FormFieldType.IdentityNumber:
                    if (!IdentityNumbers.IsValid(raw))
                    {
                        problem = "an identity number (số định danh / CCCD) of 12 digits, starting with a province code (001-096).";
                    }

                    break;
            }

            if (problem is null)
            {
                values[field.Key] = stored;
            }
            else
            {
                errors[name] = [$"{field.LabelVi}: {problem}"];
            }
        }

        return (values, errors);
    }
}

/// <summary>The citizen identity number (<i>số định danh cá nhân</i>, on the CCCD card).</summary>
internal static class IdentityNumbers
{
    public static bool IsValid(string? value)
    {
        if (value is not { Length: 12 } || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var province = int.Parse(value.AsSpan(0, 3), CultureInfo.InvariantCulture);
        return province is >= 1 and <= 96;
    }

    /// <summary>What a screen shows of one to someone not entitled to the whole: the last three digits.</summary>
    public static string Masked(string? value) => value is { Length: > 3 } ? new string('•', value.Length - 3) + value[^3..] : "•••";
}
