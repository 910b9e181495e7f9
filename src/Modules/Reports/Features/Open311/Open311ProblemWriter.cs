using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Reports.Features.Open311;

/// <summary>
/// Every problem the platform writes for a request under <c>/open311/</c> (405 wrong method, 429 rate limit, 401 a bad
/// <c>X-Api-Key</c>, 413 a body too large, 400 a bad Host, a status-code page, an exception) becomes the
/// specification's error list with the same HTTP status, in the request's format: the <c>.json</c>/<c>.xml</c> suffix of
/// the path, else the Accept header, else XML (ADR 0025). Headers set before (Retry-After, WWW-Authenticate, Allow) stay.
/// The platform's middleware keeps writing through <see cref="IProblemDetailsService"/>; this writer is asked first.
/// </summary>
internal sealed class Open311ProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) =>
        context.HttpContext.Request.Path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status is >= 400 and < 600 ? problem.Status.Value : http.Response.StatusCode is >= 400 and < 600 ? http.Response.StatusCode : StatusCodes.Status500InternalServerError;
        if (!http.Items.ContainsKey(Open311Negotiation.FormatKey))
        {
            var last = http.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
            Open311Negotiation.Choose(http, Open311Negotiation.Split(last).Format);
        }

        var description = status >= 500
            ? "The server could not answer this request; try again later." // never an exception's text
            : problem.Detail ?? problem.Title ?? ReasonPhrases.GetReasonPhrase(status);
        if (status == StatusCodes.Status405MethodNotAllowed && http.Response.Headers.Allow is { Count: > 0 } allow)
        {
            description = $"{http.Request.Method} is not allowed on {Open311Context.Shorten(http.Request.Path.Value ?? string.Empty)}: use {allow}.";
        }
        else if (status == StatusCodes.Status405MethodNotAllowed)
        {
            description = $"{http.Request.Method} is not allowed on {Open311Context.Shorten(http.Request.Path.Value ?? string.Empty)}.";
        }

        return new ValueTask(Open311Errors.Of(status, description).ExecuteAsync(http));
    }
}

internal static class Open311ProblemWriterSetup
{
    /// <summary>Puts the Open311 writer before the framework's: the first writer that can write a problem writes it.</summary>
    public static IServiceCollection AddOpen311ProblemWriter(this IServiceCollection services)
    {
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, Open311ProblemWriter>());
        return services;
    }
}
