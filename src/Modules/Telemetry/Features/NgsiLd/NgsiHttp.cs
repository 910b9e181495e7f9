using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace Mekong.Modules.Telemetry.Features.NgsiLd;

/// <summary>An NGSI-LD error (ETSI GS CIM 009, 5.5.2): its problem type, HTTP status and a sentence.</summary>
internal sealed record NgsiError(string Type, int Status, string Title, string Detail)
{
    public const string Base = "https://uri.etsi.org/ngsi-ld/errors/";

    public static NgsiError BadRequestData(string detail) => new(Base + "BadRequestData", StatusCodes.Status400BadRequest, "Bad request data", detail);

    public static NgsiError InvalidRequest(string detail) => new(Base + "InvalidRequest", StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static NgsiError NotFound(string detail) => new(Base + "ResourceNotFound", StatusCodes.Status404NotFound, "Resource not found", detail);

    public static NgsiError AlreadyExists(string detail) => new(Base + "AlreadyExists", StatusCodes.Status409Conflict, "Already exists", detail);

    public static NgsiError NotAcceptable(string detail) => new(Base + "NotAcceptable", StatusCodes.Status406NotAcceptable, "Not acceptable", detail);

    public static NgsiError UnsupportedMediaType(string detail) => new(Base + "InvalidRequest", StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);

    public static NgsiError Forbidden(string detail) => new(Base + "BadRequestData", StatusCodes.Status403Forbidden, "Forbidden", detail);

    public JsonObject ToJson() => new() { ["type"] = Type, ["title"] = Title, ["detail"] = Detail, ["status"] = Status };

    /// <summary>RFC 9457 problem+json (what CIM 009 5.5.2 builds on), so a client of the platform reads NGSI-LD errors as every other.</summary>
    public IResult ToResult() => Results.Text(ToJson().ToJsonString(), "application/problem+json", Encoding.UTF8, Status);
}

/// <summary>
/// What NGSI-LD asks of HTTP (6.3): bodies in <c>application/json</c> (the context by a Link header, or ours) or
/// <c>application/ld+json</c> (the context in the body); answers in the form the Accept header asks, with the
/// module's context linked or embedded.
/// </summary>
internal static class NgsiHttp
{
    public const string Json = "application/json";
    public const string JsonLd = "application/ld+json";
    public const int MaxBody = 4 * 1024 * 1024;

    /// <summary>The answer's media type from the Accept header; null when none of ours is acceptable.</summary>
    public static string? Negotiate(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept))
        {
            return Json;
        }

        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept.Select(a => a ?? string.Empty).ToList(), out var values))
        {
            return null;
        }

        foreach (var value in values.OrderByDescending(v => v.Quality ?? 1))
        {
            if (value.Quality == 0)
            {
                continue;
            }

            var media = value.MediaType.Value;
            if (string.Equals(media, JsonLd, StringComparison.OrdinalIgnoreCase))
            {
                return JsonLd;
            }

            if (string.Equals(media, Json, StringComparison.OrdinalIgnoreCase) || media is "*/*" or "application/*")
            {
                return Json;
            }
        }

        return null;
    }

    public static NgsiError NotAcceptableError() =>
        NgsiError.NotAcceptable("This server answers in application/json or application/ld+json.");

    /// <summary>The answer: a JSON body in the negotiated form, the context embedded (ld+json) or linked (json).</summary>
    public static IResult Answer(HttpContext context, string mediaType, JsonNode body, int status = StatusCodes.Status200OK)
    {
        var contextUrl = ContextUrl(context.Request);
        if (mediaType == JsonLd)
        {
            if (body is JsonObject o)
            {
                o["@context"] = contextUrl;
            }
            else if (body is JsonArray a)
            {
                foreach (var item in a.OfType<JsonObject>())
                {
                    item["@context"] = contextUrl;
                }
            }
        }
        else
        {
            context.Response.Headers.Append(HeaderNames.Link, $"<{contextUrl}>; rel=\"{NgsiVocabulary.LinkRel}\"; type=\"{JsonLd}\"");
        }

        return Results.Text(body.ToJsonString(), mediaType, Encoding.UTF8, status);
    }

    public static string ContextUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{NgsiVocabulary.ContextPath}";

    /// <summary>
    /// Reads a request body: <c>application/json</c> (a Link to a context is allowed; its terms are read as this module's,
    /// ADR 0041) or <c>application/ld+json</c>, which must carry <c>@context</c>. Malformed JSON is an InvalidRequest.
    /// </summary>
    public static async Task<(JsonNode? Body, NgsiError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var contentType = request.ContentType is { } ct && MediaTypeHeaderValue.TryParse(ct, out var parsed) ? parsed.MediaType.Value : null;
        var ld = string.Equals(contentType, JsonLd, StringComparison.OrdinalIgnoreCase);
        if (!ld && !string.Equals(contentType, Json, StringComparison.OrdinalIgnoreCase))
        {
            return (null, NgsiError.UnsupportedMediaType("Send application/json or application/ld+json."));
        }

        if (ld && request.Headers.ContainsKey(HeaderNames.Link))
        {
            return (null, NgsiError.BadRequestData("An application/ld+json body carries its @context; a Link header is for application/json."));
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return (null, NgsiError.InvalidRequest($"The body is not JSON: {e.Message}"));
        }

        if (body is null)
        {
            return (null, NgsiError.InvalidRequest("The body is empty."));
        }

        if (ld)
        {
            var items = body is JsonArray array ? array.ToList() : [body];
            if (items.Any(i => i is not JsonObject o || !o.ContainsKey("@context")))
            {
                return (null, NgsiError.BadRequestData("An application/ld+json body carries @context in each entity."));
            }
        }

        return (body, null);
    }

    /// <summary><c>options=keyValues</c> or <c>format=simplified</c> (the newer name) ask for the simplified form.</summary>
    public static bool WantsKeyValues(string? options, string? format) =>
        HasOption(options, "keyValues") || HasOption(options, "simplified") || format is "simplified" or "keyValues";

    public static bool HasOption(string? options, string option) =>
        options is not null && options.Split(',', StringSplitOptions.TrimEntries).Contains(option, StringComparer.Ordinal);
}
