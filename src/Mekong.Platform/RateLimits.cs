using System.Globalization;
using System.Threading.RateLimiting;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Platform;

/// <summary>
/// Named rate-limit policies. Anonymous callers are limited per client address (behind a reverse proxy: the address
/// it forwards, see Mekong:ReverseProxy); signed-in users and keys per identity, with a higher allowance. The
/// allowances are settings (Mekong:RateLimits, <see cref="RateLimitOptions"/>); limits are per node (see
/// docs/operations.md for scale-out).
/// </summary>
public static class RateLimits
{
    /// <summary>Anonymous reads of public data.</summary>
    public const string PublicRead = "public-read";

    /// <summary>Anonymous writes (citizen reports, later): tight.</summary>
    public const string AnonymousWrite = "anonymous-write";

    /// <summary>Log-in attempts, per address: slows password guessing beside Identity's lock-out.</summary>
    public const string Login = "login";

    public static IServiceCollection AddMekongRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Type = ProblemTypes.RateLimited,
                        Title = "Too many requests",
                        Status = StatusCodes.Status429TooManyRequests,
                        Detail = "Slow down and try again shortly.",
                    },
                });
            };
            options.AddPolicy(PublicRead, context => Partition(context, Limits(context).PublicRead));
            options.AddPolicy(AnonymousWrite, context => Partition(context, Limits(context).AnonymousWrite));
            options.AddPolicy(Login, context =>
            {
                var perMinute = Limits(context).Login.PerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    "login:" + ClientAddress(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }

    private static RateLimitOptions Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<MekongOptions>>().Value.RateLimits;

    private static RateLimitPartition<string> Partition(HttpContext context, ClientRateLimit limits)
    {
        var identity = context.User.Identity;
        var (key, limit) = identity?.IsAuthenticated == true
            ? ("user:" + identity.Name, limits.IdentifiedPerMinute)
            : ("ip:" + ClientAddress(context), limits.AnonymousPerMinute);
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
