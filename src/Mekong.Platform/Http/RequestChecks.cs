using System.Text;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Mekong.Platform.Http;

/// <summary>
/// Refuses, with a problem, what the framework would otherwise turn into a 500 deep inside: a Host that is not a host
/// name (the page renderer parses it as a URI) and a request body in a character set nobody can decode.
/// </summary>
public static class RequestChecks
{
    /// <summary>The longest host name DNS allows.</summary>
    public const int MaxHostLength = 255;

    public static IApplicationBuilder UseMekongRequestChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var host = context.Request.Host;
        if (host.HasValue && !IsHostName(host.Host))
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "Bad Host header",
                $"The Host header is not a host name of at most {MaxHostLength} characters.");
            return;
        }

        if (context.Request.ContentType is { Length: > 0 } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Charset is { Length: > 0 } charset
            && !IsKnownCharset(charset.Value ?? string.Empty))
        {
            await WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported character set",
                $"The request body's charset '{Shorten(charset.Value ?? string.Empty)}' is not one this server can read; send UTF-8.");
            return;
        }

        await next(context);
    });

    private static bool IsHostName(string host) =>
        host.Length <= MaxHostLength && Uri.CheckHostName(host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host) != UriHostNameType.Unknown;

    private static bool IsKnownCharset(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static Task WriteAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Type = type, Title = title, Status = status, Detail = detail },
        }).AsTask();
    }
}
