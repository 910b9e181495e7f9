using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Xml;

namespace Mekong.Modules.Reports.Features.Open311;

/// <summary>The two formats of GeoReport v2: XML (required by the specification) and JSON (its Spark-convention mapping).</summary>
internal enum Open311Format
{
    Xml,
    Json,
}

/// <summary>An ordered record: one XML element per field, one JSON property per field, in the specification's order.</summary>
internal sealed class O311Object : List<KeyValuePair<string, object?>>
{
    public O311Object Add(string name, object? value)
    {
        Add(new KeyValuePair<string, object?>(name, value));
        return this;
    }
}

/// <summary>A list: a JSON array; in XML, one <c>ItemName</c> element per item (<c>&lt;services&gt;&lt;service&gt;</c>).</summary>
internal sealed record O311List(string ItemName, IReadOnlyList<object?> Items);

/// <summary>
/// Writes a GeoReport v2 document. The root element names the document (<c>services</c>, <c>service_requests</c>,
/// <c>errors</c>); under the Spark convention the JSON is the root's content: an array for a list, an object for a record.
/// Null is an empty element (<c>&lt;account_id/&gt;</c>) and JSON null.
/// </summary>
internal sealed class Open311Document(string root, object content, int status = StatusCodes.Status200OK) : IResult
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), Indented = false };

    public int Status => status;

    public Open311Format? ForcedFormat { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var format = ForcedFormat ?? Open311Negotiation.FormatOf(httpContext);
        var response = httpContext.Response;
        response.StatusCode = status;
        response.Headers.Vary = "Accept";
        var buffer = new MemoryStream();
        if (format == Open311Format.Json)
        {
            response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(buffer, JsonOptions);
            WriteJson(json, content);
        }
        else
        {
            response.ContentType = "text/xml; charset=utf-8";
            await using var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = true, Indent = false });
            xml.WriteStartDocument();
            xml.WriteStartElement(root);
            WriteXmlContent(xml, content);
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, httpContext.RequestAborted);
    }

    private static void WriteJson(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case O311Object record:
                json.WriteStartObject();
                foreach (var (name, field) in record)
                {
                    json.WritePropertyName(name);
                    WriteJson(json, field);
                }

                json.WriteEndObject();
                break;
            case O311List list:
                json.WriteStartArray();
                foreach (var item in list.Items)
                {
                    WriteJson(json, item);
                }

                json.WriteEndArray();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case double number:
                json.WriteNumberValue(number);
                break;
            default:
                throw new InvalidOperationException($"No Open311 form for {value.GetType().Name}.");
        }
    }

    private static void WriteXmlContent(XmlWriter xml, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case O311Object record:
                foreach (var (name, field) in record)
                {
                    xml.WriteStartElement(name);
                    WriteXmlContent(xml, field);
                    xml.WriteEndElement();
                }

                break;
            case O311List list:
                foreach (var item in list.Items)
                {
                    xml.WriteStartElement(list.ItemName);
                    WriteXmlContent(xml, item);
                    xml.WriteEndElement();
                }

                break;
            case string text:
                xml.WriteString(XmlSafe(text));
                break;
            case bool flag:
                xml.WriteString(flag ? "true" : "false");
                break;
            case IFormattable number:
                xml.WriteString(number.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                throw new InvalidOperationException($"No Open311 form for {value.GetType().Name}.");
        }
    }

    /// <summary>XML 1.0 cannot carry some characters at all; stored text never has them, but a reflected input might.</summary>
    private static string XmlSafe(string text) =>
        text.All(XmlConvert.IsXmlChar) ? text : new string(text.Select(c => XmlConvert.IsXmlChar(c) ? c : '\uFFFD').ToArray());
}

/// <summary>The specification's error document: a list of <c>code</c> (the HTTP status) and <c>description</c>.</summary>
internal static class Open311Errors
{
    public static Open311Document Of(int status, params IEnumerable<string> descriptions) =>
        new("errors", new O311List("error", descriptions.Select(d => (object?)new O311Object().Add("code", status).Add("description", d)).ToList()), status);
}

/// <summary>
/// Which format a request wants: the <c>.json</c>/<c>.xml</c> suffix first, then the Accept header; XML when neither
/// says (it is the format every GeoReport v2 client must read).
/// </summary>
internal static class Open311Negotiation
{
    public const string FormatKey = "open311.format";

    /// <summary>Splits <c>name.json</c> into the name and the format; an unknown suffix is an error the caller reports.</summary>
    public static (string Name, Open311Format? Format, string? BadSuffix) Split(string segment)
    {
        var dot = segment.LastIndexOf('.');
        if (dot < 0)
        {
            return (segment, null, null);
        }

        return segment[(dot + 1)..].ToLowerInvariant() switch
        {
            "json" => (segment[..dot], Open311Format.Json, null),
            "xml" => (segment[..dot], Open311Format.Xml, null),
            var other => (segment[..dot], null, other),
        };
    }

    public static void Choose(HttpContext context, Open311Format? format)
    {
        if (format is not null)
        {
            context.Items[FormatKey] = format;
        }
    }

    public static Open311Format FormatOf(HttpContext context)
    {
        if (context.Items.TryGetValue(FormatKey, out var chosen) && chosen is Open311Format format)
        {
            return format;
        }

        var accept = context.Request.GetTypedHeaders().Accept;
        var best = accept
            .Where(a => a.Quality is null or > 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .Select(a => a.MediaType.Value?.ToLowerInvariant())
            .FirstOrDefault(m => m is "application/json" or "text/xml" or "application/xml" or "text/json");
        return best is "application/json" or "text/json" ? Open311Format.Json : Open311Format.Xml;
    }
}
