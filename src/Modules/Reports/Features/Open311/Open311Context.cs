using System.Globalization;
using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Platform.Auth;

namespace Mekong.Modules.Reports.Features.Open311;

/// <summary>What every Open311 call settles first: the format, the jurisdiction, the language and whether the caller is staff of it.</summary>
internal sealed record Open311Caller(JurisdictionInfo Jurisdiction, bool English, bool IsStaff, string BaseUrl)
{
    /// <summary>Absolute URL of a path under <c>/open311/v2</c>, honouring the scheme and host the reverse proxy forwarded.</summary>
    public string Url(string relative) => $"{BaseUrl}/{relative}";
}

internal static class Open311Context
{
    public const string Prefix = "/open311/v2";

    /// <summary>Records the format a suffix named; an unknown suffix is a 404 (there is no such representation).</summary>
    public static Open311Document? UseSuffix(HttpContext http, string? format)
    {
        if (format is null)
        {
            return null;
        }

        switch (format.ToLowerInvariant())
        {
            case "json":
                Open311Negotiation.Choose(http, Open311Format.Json);
                return null;
            case "xml":
                Open311Negotiation.Choose(http, Open311Format.Xml);
                return null;
            default:
                return Open311Errors.Of(StatusCodes.Status404NotFound, $"Format '{Shorten(format)}' is not served here: use .xml or .json.");
        }
    }

    /// <summary>
    /// The jurisdiction a call is about: <c>jurisdiction_id</c> is a jurisdiction's code (<c>90</c>) or its website's
    /// host (<c>phusa.gov.vn</c>, as the specification suggests); optional while the installation serves one jurisdiction.
    /// </summary>
    public static async Task<(Open311Caller? Caller, Open311Document? Error)> ResolveAsync(HttpContext http, IAdminUnitDirectory directory, string? jurisdictionId, CancellationToken cancellationToken)
    {
        var jurisdictions = await directory.ListJurisdictionsAsync(cancellationToken);
        JurisdictionInfo? jurisdiction;
        if (string.IsNullOrWhiteSpace(jurisdictionId))
        {
            if (jurisdictions.Count != 1)
            {
                return (null, Open311Errors.Of(StatusCodes.Status400BadRequest, jurisdictions.Count == 0
                    ? "jurisdiction_id was not provided, and this installation serves no jurisdiction yet."
                    : $"jurisdiction_id was not provided: this endpoint serves several jurisdictions ({string.Join(", ", jurisdictions.Select(j => j.Code))})."));
            }

            jurisdiction = jurisdictions[0];
        }
        else
        {
            var wanted = jurisdictionId.Trim();
            jurisdiction = jurisdictions.FirstOrDefault(j => string.Equals(j.Code, wanted, StringComparison.OrdinalIgnoreCase))
                ?? jurisdictions.FirstOrDefault(j => WebsiteHost(j.Website) is { } host && string.Equals(host, wanted.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? wanted[4..] : wanted, StringComparison.OrdinalIgnoreCase));
            if (jurisdiction is null)
            {
                return (null, Open311Errors.Of(StatusCodes.Status404NotFound, $"jurisdiction_id '{Shorten(wanted)}' was not found."));
            }
        }

        var user = http.User;
        // Staff of the jurisdiction (any role, signed in or by key) also see the categories and reports that are not public.
        var isStaff = user.Identity?.IsAuthenticated == true && Roles.All.Any(user.IsInRole) && ActorScope.CanAccess(user, jurisdiction.Code);
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var request = http.Request;
        return (new Open311Caller(jurisdiction, english, isStaff, $"{request.Scheme}://{request.Host}{request.PathBase}{Prefix}"), null);
    }

    public static string? ActorOf(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    private static string? WebsiteHost(string? website) =>
        website is not null && Uri.TryCreate(website, UriKind.Absolute, out var uri)
            ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host)
            : null;
}
