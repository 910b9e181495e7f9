namespace Mekong.Modules.Access.Contracts;

/// <summary>A person as other modules may know them: where to write, what to call them, in which language.</summary>
/// <param name="PreferredLanguage"><c>vi</c> or <c>en</c>.</param>
public sealed record DirectoryUser(Guid Id, string Email, string DisplayName, string PreferredLanguage, string? JurisdictionCode, string? DepartmentCode, string? Role);

/// <summary>Who should hear about something: the users of one jurisdiction (null: installation-wide accounts), optionally of one role and department.</summary>
public sealed record UserQuery(string? JurisdictionCode, string? Role = null, string? DepartmentCode = null);

/// <summary>Read-only look-up of users for other modules (notifications); locked-out accounts are left out.</summary>
public interface IUserDirectory
{
    Task<DirectoryUser?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<DirectoryUser>> ListAsync(UserQuery query, CancellationToken cancellationToken);
}

/// <summary>The languages a user may prefer.</summary>
public static class UserLanguages
{
    public const string Vietnamese = "vi";
    public const string English = "en";

    public static bool TryNormalize(string? language, out string normalized)
    {
        normalized = language?.Trim().ToLowerInvariant() switch
        {
            "vi" or "vi-vn" => Vietnamese,
            "en" or "en-us" or "en-gb" => English,
            _ => string.Empty,
        };
        return normalized.Length > 0;
    }
}
