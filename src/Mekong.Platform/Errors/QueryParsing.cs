using System.Globalization;
using Mekong.Platform.Paging;
using Mekong.Platform.Spatial;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Mekong.Platform.Errors;

/// <summary>
/// A typed query-string parameter that binds whatever the client sent: its <c>TryParse</c> never fails, it keeps
/// the reason instead, so a handler with three bad parameters answers one 400 that names all three (the framework
/// would stop at the first with a bare 400). OpenAPI shows the type it stands for (<see cref="QueryValueSchemas"/>).
/// </summary>
public interface IQueryValue
{
    /// <summary>Why the text was not understood (without the field's name); null when it was.</summary>
    string? Error { get; }
}

/// <summary>A calendar date <c>YYYY-MM-DD</c> (OpenAPI: string, format date).</summary>
public readonly record struct QueryDate(DateOnly Value, string? Error) : IQueryValue
{
    public static bool TryParse(string? text, IFormatProvider? provider, out QueryDate result)
    {
        result = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new QueryDate(date, null)
            : new QueryDate(default, $"'{QueryText.Quote(text)}' is not a date in the form YYYY-MM-DD.");
        return true;
    }
}

/// <summary>A decimal number with a point, in the invariant culture (OpenAPI: number).</summary>
public readonly record struct QueryNumber(double Value, string? Error) : IQueryValue
{
    public static bool TryParse(string? text, IFormatProvider? provider, out QueryNumber result)
    {
        result = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? new QueryNumber(value, null)
            : new QueryNumber(default, $"'{QueryText.Quote(text)}' is not a number.");
        return true;
    }
}

/// <summary>How many items a page holds: 1 to <see cref="KeysetCursor.MaxLimit"/> (OpenAPI: integer with that range).</summary>
public readonly record struct PageLimit(int Value, string? Error) : IQueryValue
{
    public static bool TryParse(string? text, IFormatProvider? provider, out PageLimit result)
    {
        result = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= KeysetCursor.MaxLimit
            ? new PageLimit(limit, null)
            : new PageLimit(KeysetCursor.DefaultLimit, $"limit must be a whole number from 1 to {KeysetCursor.MaxLimit}.");
        return true;
    }
}

/// <summary>
/// A box <c>minLon,minLat,maxLon,maxLat</c> in degrees (the OGC/GeoJSON order) with a width and a height: a box of
/// zero width is a line, and nothing can be tested against it as an area (OpenAPI: string with a pattern).
/// </summary>
public readonly record struct QueryBox(BoundingBox Value, string? Error) : IQueryValue
{
    public const string Pattern = @"^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$";

    public static bool TryParse(string? text, IFormatProvider? provider, out QueryBox result)
    {
        if (!BoundingBox.TryParse(text, out var box))
        {
            result = new QueryBox(default, "bbox must be minLon,minLat,maxLon,maxLat in degrees, with minLon ≤ maxLon and minLat ≤ maxLat.");
        }
        else if (box.MinLon == box.MaxLon || box.MinLat == box.MaxLat)
        {
            result = new QueryBox(default, "bbox has no area: minLon must be less than maxLon and minLat less than maxLat.");
        }
        else
        {
            result = new QueryBox(box, null);
        }

        return true;
    }
}

/// <summary>Reads the typed parameters, adding a field error for each one that was not understood.</summary>
public static class QueryParsing
{
    public static DateOnly? Date(this FieldErrors errors, string field, QueryDate? value) => errors.Check(field, value)?.Value;

    public static BoundingBox? Box(this FieldErrors errors, string field, QueryBox? value) => errors.Check(field, value)?.Value;

    public static double? Number(this FieldErrors errors, string field, QueryNumber? value, double min, double max, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, $"{field} is required.");
            }

            return null;
        }

        if (errors.Check(field, value) is not { } number)
        {
            return null;
        }

        if (number.Value < min || number.Value > max)
        {
            errors.Add(field, $"{field} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return number.Value;
    }

    public static int Limit(this FieldErrors errors, PageLimit? value) => errors.Check("limit", value)?.Value ?? KeysetCursor.DefaultLimit;

    public static string? Cursor(this FieldErrors errors, string? text)
    {
        if (KeysetCursor.TryDecode(text, out var key))
        {
            return key;
        }

        errors.Add("cursor", "cursor is not one this server handed out; follow the 'next' link as given.");
        return null;
    }

    /// <summary>
    /// Free-text search words: at most <paramref name="maxWords"/> words and <paramref name="maxLength"/> characters
    /// (each word becomes a condition; a thousand of them overflow the database's expression limit).
    /// </summary>
    public static string? Search(this FieldErrors errors, string field, string? text, int maxWords, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Length > maxLength || text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > maxWords)
        {
            errors.Add(field, $"{field} is at most {maxWords} words and {maxLength} characters.");
            return null;
        }

        return text;
    }

    /// <summary>Describes the typed query parameters in the OpenAPI document by the type they stand for.</summary>
    public static IServiceCollection AddQueryValueSchemas(this IServiceCollection services) =>
        services.ConfigureAll<OpenApiOptions>(o => o.AddOperationTransformer<QueryValueSchemas>());

    private static T? Check<T>(this FieldErrors errors, string field, T? value)
        where T : struct, IQueryValue
    {
        if (value is { Error: { } error })
        {
            errors.Add(field, error);
            return null;
        }

        return value;
    }
}

/// <summary>
/// The OpenAPI schema of each <see cref="IQueryValue"/> parameter: the JSON type it stands for. (The document
/// generator describes any type with <c>TryParse</c> as a plain string, so the parameter's schema is replaced here.)
/// </summary>
internal sealed class QueryValueSchemas : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var described in context.Description.ParameterDescriptions)
        {
            var type = described.Type is null ? null : Nullable.GetUnderlyingType(described.Type) ?? described.Type;
            if (type is null || !typeof(IQueryValue).IsAssignableFrom(type)
                || operation.Parameters?.FirstOrDefault(p => p.Name == described.Name) is not OpenApiParameter parameter)
            {
                continue;
            }

            parameter.Schema = SchemaOf(type);
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema SchemaOf(Type type)
    {
        if (type == typeof(QueryDate))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" };
        }

        if (type == typeof(QueryNumber))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" };
        }

        if (type == typeof(PageLimit))
        {
            return new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = "int32",
                Minimum = "1",
                Maximum = KeysetCursor.MaxLimit.ToString(CultureInfo.InvariantCulture),
                Default = KeysetCursor.DefaultLimit,
            };
        }

        if (type == typeof(QueryBox))
        {
            return new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Pattern = QueryBox.Pattern,
                Description = "minLon,minLat,maxLon,maxLat in degrees (WGS 84), with a width and a height",
            };
        }

        throw new InvalidOperationException($"{type.Name} is a query value without an OpenAPI schema: add it here.");
    }
}

/// <summary>Echoes what the client sent, shortened, so an error message stays readable.</summary>
internal static class QueryText
{
    public static string Quote(string? text) => text is null ? string.Empty : text.Length > 40 ? text[..40] + "…" : text;
}
