using System.Security.Cryptography;
using System.Text;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Features.Notices;

/// <summary>Why someone hears of a report.</summary>
internal enum AudienceRole
{
    /// <summary>They reported it.</summary>
    Reporter,

    /// <summary>They reported a problem an officer marked as a duplicate of this report (<see cref="Report.DuplicateOfId"/>).</summary>
    DuplicateReporter,

    /// <summary>"This is my problem too".</summary>
    Supporter,
}

/// <summary>
/// One person to tell, on one channel: an e-mail address, or the bell of a Mekong account. <see cref="ReportId"/> is the
/// report they know (their own, for a duplicate's reporter); <see cref="Token"/> their private handle of it, only for its reporter.
/// </summary>
internal sealed record Recipient(AudienceRole Role, long ReportId, string Language, string? Email = null, string? Name = null, Guid? UserId = null, string? Token = null)
{
    /// <summary>The recipient's part of an idempotency key: stable, short, and no address in clear.</summary>
    public string Key => Email is not null
        ? "mail:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Email.Trim().ToLowerInvariant())))[..24]
        : $"user:{UserId:N}";
}

/// <summary>
/// Everyone a public change of a report must reach — in ONE place, so that every handler's change tells the same people:
/// its reporter (by e-mail when they gave one, in the bell when they were signed in), and the reporters of the reports
/// merged into it (transitively, a few levels). A person reached twice on one channel is told once.
/// </summary>
internal sealed class ReportAudience(IUserDirectory users)
{
    private const int MaxDuplicateDepth = 4;
    private const int MaxDuplicates = 500;

    public async Task<IReadOnlyList<Recipient>> OfAsync(ReportsDbContext db, Report report, bool isNew, CancellationToken cancellationToken)
    {
        var audience = new List<Recipient>();
        await AddReporterAsync(audience, report, AudienceRole.Reporter, cancellationToken);
        // A report saved just now has nothing merged into it yet: no query on the hot path of a POST.
        foreach (var duplicate in isNew ? [] : await DuplicatesOfAsync(db, report.Id, cancellationToken))
        {
            await AddReporterAsync(audience, duplicate, AudienceRole.DuplicateReporter, cancellationToken);
        }

        // Those who said "this is my problem too": by the e-mail they left and/or in their bell; never the rating link.
        var supporters = isNew ? [] : await db.Supporters.AsNoTracking().Where(s => s.ReportId == report.Id).OrderBy(s => s.At).Take(MaxDuplicates).ToListAsync(cancellationToken);
        foreach (var supporter in supporters)
        {
            if (supporter.Email is { } email)
            {
                Add(audience, new Recipient(AudienceRole.Supporter, report.Id, supporter.Language, Email: email));
            }

            if (Guid.TryParse(supporter.UserId, out var userId))
            {
                Add(audience, new Recipient(AudienceRole.Supporter, report.Id, supporter.Language, UserId: userId));
            }
        }

        return audience;
    }

    /// <summary>Adds unless the same person is already reached on the same channel (the first role wins).</summary>
    public static void Add(List<Recipient> audience, Recipient recipient)
    {
        if (!audience.Any(r => r.Key == recipient.Key))
        {
            audience.Add(recipient);
        }
    }

    private async Task AddReporterAsync(List<Recipient> audience, Report report, AudienceRole role, CancellationToken cancellationToken)
    {
        var token = role == AudienceRole.Reporter ? report.Token : null;
        var name = string.Join(' ', new[] { report.Reporter.FirstName, report.Reporter.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))).Trim();
        if (!string.IsNullOrWhiteSpace(report.Reporter.Email))
        {
            // Publicly anonymous or not, a reporter who gave an address is written to: anonymity is about what the public sees.
            Add(audience, new Recipient(role, report.Id, report.Language, Email: report.Reporter.Email.Trim(), Name: name.Length > 0 ? name : null, Token: token));
        }

        // Signed in when reporting: SubmittedBy is the account's id (API keys are "apikey:…", demo and systems other words).
        if (Guid.TryParse(report.SubmittedBy, out var userId) && await users.FindAsync(userId, cancellationToken) is { } user)
        {
            Add(audience, new Recipient(role, report.Id, report.Language, Name: user.DisplayName, UserId: user.Id, Token: token));
        }
    }

    private static async Task<List<Report>> DuplicatesOfAsync(ReportsDbContext db, long id, CancellationToken cancellationToken)
    {
        var found = new List<Report>();
        var seen = new HashSet<long> { id };
        var level = new List<long> { id };
        for (var depth = 0; depth < MaxDuplicateDepth && level.Count > 0 && found.Count < MaxDuplicates; depth++)
        {
            var ids = level;
            var next = await db.Reports.AsNoTracking()
                .Where(r => r.DuplicateOfId != null && ids.Contains(r.DuplicateOfId.Value))
                .OrderBy(r => r.Id)
                .Take(MaxDuplicates - found.Count)
                .ToListAsync(cancellationToken);
            level = [];
            foreach (var duplicate in next.Where(d => seen.Add(d.Id)))
            {
                found.Add(duplicate);
                level.Add(duplicate.Id);
            }
        }

        return found;
    }
}
