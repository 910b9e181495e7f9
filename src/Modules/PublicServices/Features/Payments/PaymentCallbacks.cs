using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mekong.Modules.PublicServices.Domain;
using Mekong.Modules.PublicServices.Storage;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.PublicServices.Features.Payments;

/// <summary>What the gateway says was paid: its own transaction id, our dossier code, the amount in đồng.</summary>
internal sealed record GatewayCallback(string? TransactionId, string? DossierCode, long? Amount);

internal sealed record CallbackAnswer(string Status, string TransactionId, string DossierCode);

internal sealed record GatewaySecretRequest(string? Secret);

internal sealed record GatewayDto(string Jurisdiction, bool Configured, DateTimeOffset? UpdatedAt);

/// <summary>
/// A payment gateway's signed confirmation (ADR 0042). The gateway signs <c>{timestamp}.{raw body}</c> with HMAC-SHA256
/// and the jurisdiction's shared secret (kept protected by <see cref="ISecretProtector"/>), sends the Unix time in
/// <c>X-Payment-Timestamp</c> and <c>v1=&lt;hex&gt;</c> in <c>X-Payment-Signature</c> (several, comma-separated, while a
/// secret is being replaced). A wrong or missing signature, or a timestamp outside the tolerance, is a 401 and nothing
/// is recorded; the gateway's transaction id is the key of <c>gateway_payments</c>, so a repeat is answered as a
/// duplicate and counts once; the dossier's fee becomes paid in the same save.
/// </summary>
internal sealed class PaymentCallbackHandler(
    PublicServicesDbContext db, ISecretProtector protector, IOptions<PublicServicesOptions> options, TimeProvider clock, ILogger<PaymentCallbackHandler> logger)
{
    public static readonly SecretPurpose Purpose = new("public-services.payment-gateway");

    public const int MaxBodyBytes = 16 * 1024;
    public const int MinSecretLength = 32;

    public enum Verdict
    {
        Paid,
        Duplicate,
        Unsigned,
        Invalid,
        UnknownDossier,
        Refused,
    }

    public sealed record Outcome(Verdict Verdict, CallbackAnswer? Answer = null, FieldErrors? Errors = null, string? Detail = null);

    public async Task<Outcome> HandleAsync(string jurisdiction, byte[] body, string? timestamp, string? signature, CancellationToken cancellationToken)
    {
        var gateway = jurisdiction.Length <= 8 ? await db.PaymentGateways.AsNoTracking().FirstOrDefaultAsync(g => g.JurisdictionCode == jurisdiction, cancellationToken) : null;
        if (gateway is null || !IsSigned(gateway, body, timestamp, signature))
        {
            // The same answer for an unknown jurisdiction, a stale time and a wrong signature: nothing to learn from it.
            logger.LogWarning("Payment callback for {Jurisdiction} refused: not signed by its gateway", jurisdiction);
            return new Outcome(Verdict.Unsigned);
        }

        GatewayCallback? callback;
        try
        {
            callback = JsonSerializer.Deserialize<GatewayCallback>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            callback = null;
        }

        var errors = new FieldErrors();
        var transaction = callback?.TransactionId?.Trim() ?? string.Empty;
        var code = callback?.DossierCode?.Trim().ToUpperInvariant() ?? string.Empty;
        if (callback is null)
        {
            errors.Add("body", "The body is a JSON object {transactionId, dossierCode, amount}.");
        }
        else
        {
            if (transaction.Length is 0 or > 100 || transaction.Any(char.IsControl))
            {
                errors.Add("transactionId", "transactionId is the gateway's id of the payment (1 to 100 characters).");
            }

            if (code.Length is 0 or > 40)
            {
                errors.Add("dossierCode", "dossierCode is the dossier's code.");
            }

            if (callback.Amount is not > 0)
            {
                errors.Add("amount", "amount is the amount paid in đồng, a positive whole number.");
            }
        }

        if (!errors.IsEmpty)
        {
            return new Outcome(Verdict.Invalid, Errors: errors);
        }

        var known = await db.GatewayPayments.AsNoTracking().FirstOrDefaultAsync(p => p.TransactionId == transaction, cancellationToken);
        if (known is not null)
        {
            return new Outcome(Verdict.Duplicate, new CallbackAnswer("duplicate", transaction, code));
        }

        var dossier = await db.Dossiers.Include(d => d.History).FirstOrDefaultAsync(d => d.Code == code && d.JurisdictionCode == jurisdiction, cancellationToken);
        if (dossier is null)
        {
            return new Outcome(Verdict.UnknownDossier, Detail: $"No dossier {code} in jurisdiction {jurisdiction}.");
        }

        var result = dossier.RecordPayment("gateway", callback!.Amount!.Value, transaction, "gateway", clock);
        if (!result.Succeeded)
        {
            return result.Field is { } field
                ? new Outcome(Verdict.Invalid, Errors: new FieldErrors().Add(field, result.Error!))
                : new Outcome(Verdict.Refused, Detail: result.Error);
        }

        db.GatewayPayments.Add(new GatewayPayment(transaction, dossier.Id, callback.Amount.Value, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await IsKnownAsync(transaction))
            {
                throw;
            }

            // The gateway sent the same confirmation twice at once: the other request recorded it.
            return new Outcome(Verdict.Duplicate, new CallbackAnswer("duplicate", transaction, code));
        }

        logger.LogInformation("Fee of dossier {Code} paid through the gateway ({Transaction})", code, transaction);
        return new Outcome(Verdict.Paid, new CallbackAnswer("paid", transaction, code));
    }

    private async Task<bool> IsKnownAsync(string transaction)
    {
        db.ChangeTracker.Clear();
        return await db.GatewayPayments.AsNoTracking().AnyAsync(p => p.TransactionId == transaction);
    }

    private bool IsSigned(PaymentGateway gateway, byte[] body, string? timestamp, string? signature)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        if ((clock.GetUtcNow() - sent).Duration() > options.Value.PaymentCallbackTolerance)
        {
            return false;
        }

        string secret;
        try
        {
            secret = protector.Reveal(Purpose, gateway.Secret);
        }
        catch (CryptographicException e)
        {
            logger.LogError(e, "The payment gateway secret of {Jurisdiction} cannot be read with this installation's keys", gateway.JurisdictionCode);
            return false;
        }

        var expected = Sign(secret, timestamp!, body);
        foreach (var part in signature.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("v1=", StringComparison.Ordinal) && Convert.FromHexString(IsHex(part[3..]) ? part[3..] : string.Empty) is { Length: 32 } given
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHex(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    /// <summary>HMAC-SHA256 of <c>{timestamp}.{body}</c>, as the gateway computes it.</summary>
    public static byte[] Sign(string secret, string timestamp, byte[] body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message, prefix.Length);
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }

    /// <summary>Sets (or replaces) the jurisdiction's gateway secret; it is never shown again.</summary>
    public async Task<(GatewayDto? Gateway, FieldErrors Errors)> SetSecretAsync(ClaimsPrincipal actor, string? jurisdiction, string? secret, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var j = ActorScope.IsInstallationAdministrator(actor) ? jurisdiction?.Trim() : ActorScope.JurisdictionOf(actor);
        if (string.IsNullOrEmpty(j) || j.Length > 8 || (!ActorScope.IsInstallationAdministrator(actor) && !string.IsNullOrWhiteSpace(jurisdiction) && jurisdiction.Trim() != j))
        {
            return (null, errors.Add("jurisdiction", "jurisdiction is the administrator's own (an installation administrator names one)."));
        }

        if (secret is null || secret.Length < MinSecretLength || secret.Length > 200 || secret.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return (null, errors.Add("secret", $"secret is the gateway's shared key: {MinSecretLength} to 200 characters without spaces."));
        }

        var now = clock.GetUtcNow();
        var protectedSecret = protector.Protect(Purpose, secret);
        var gateway = await db.PaymentGateways.FirstOrDefaultAsync(g => g.JurisdictionCode == j, cancellationToken);
        if (gateway is null)
        {
            gateway = new PaymentGateway(j, protectedSecret, now);
            db.PaymentGateways.Add(gateway);
        }
        else
        {
            gateway.Replace(protectedSecret, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (new GatewayDto(j, true, now), errors);
    }

    public async Task<GatewayDto?> GetAsync(ClaimsPrincipal actor, string? jurisdiction, CancellationToken cancellationToken)
    {
        var j = ActorScope.IsInstallationAdministrator(actor) ? jurisdiction?.Trim() : ActorScope.JurisdictionOf(actor);
        if (string.IsNullOrEmpty(j))
        {
            return null;
        }

        var gateway = await db.PaymentGateways.AsNoTracking().FirstOrDefaultAsync(g => g.JurisdictionCode == j, cancellationToken);
        return new GatewayDto(j, gateway is not null, gateway?.UpdatedAt);
    }
}

/// <summary>
/// <c>POST /api/v1/public-services/payments/{jurisdiction}/callback</c> (anonymous: the signature is the credential) and
/// <c>/api/v1/admin/payment-gateway</c> (Administrator: set the shared secret, see whether one is set; never read it back).
/// </summary>
internal static class PaymentEndpoints
{
    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/public-services/payments/{jurisdiction}/callback", Callback)
            .WithTags("Public services: payments").AllowAnonymous().DisableAntiforgery()
            // The public-read budget rather than the tight anonymous-write one: a gateway confirms many payments from one address.
            .RequireRateLimiting(RateLimits.PublicRead).WithName("PaymentGatewayCallback");
        var admin = app.MapGroup("/api/v1/admin/payment-gateway").WithTags("Public services: payments").RequireAuthorization(Policies.Administrator);
        admin.MapGet(string.Empty, Get).WithName("GetPaymentGateway");
        admin.MapPut(string.Empty, Put).WithName("SetPaymentGatewaySecret");
        return app;
    }

    private static async Task<Results<Ok<CallbackAnswer>, ProblemHttpResult, ValidationProblem>> Callback(
        string jurisdiction, HttpRequest request, PaymentCallbackHandler handler, CancellationToken cancellationToken)
    {
        // The raw bytes are what was signed: read them as they came, bounded.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > PaymentCallbackHandler.MaxBodyBytes)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: $"A callback is at most {PaymentCallbackHandler.MaxBodyBytes} bytes.", type: ProblemTypes.PayloadTooLarge);
            }
        }

        var outcome = await handler.HandleAsync(jurisdiction.Trim(), buffer.ToArray(), request.Headers["X-Payment-Timestamp"], request.Headers["X-Payment-Signature"], cancellationToken);
        return outcome.Verdict switch
        {
            PaymentCallbackHandler.Verdict.Paid or PaymentCallbackHandler.Verdict.Duplicate => TypedResults.Ok(outcome.Answer!),
            PaymentCallbackHandler.Verdict.Unsigned => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed",
                detail: "X-Payment-Signature is not the gateway's HMAC-SHA256 of '{X-Payment-Timestamp}.{body}', or the timestamp is too far from now.", type: ProblemTypes.Unauthorized),
            PaymentCallbackHandler.Verdict.Invalid => TypedResults.ValidationProblem(outcome.Errors!.ToDictionary(), type: ProblemTypes.Validation),
            PaymentCallbackHandler.Verdict.UnknownDossier => Problem.NotFound("Not found", outcome.Detail!),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Refused", detail: outcome.Detail, type: ProblemTypes.Conflict),
        };
    }

    private static async Task<Results<Ok<GatewayDto>, ForbidHttpResult>> Get(string? jurisdiction, ClaimsPrincipal actor, PaymentCallbackHandler handler, CancellationToken cancellationToken) =>
        await handler.GetAsync(actor, jurisdiction, cancellationToken) is { } gateway ? TypedResults.Ok(gateway) : TypedResults.Forbid();

    private static async Task<Results<Ok<GatewayDto>, ValidationProblem>> Put(
        GatewaySecretRequest body, string? jurisdiction, ClaimsPrincipal actor, PaymentCallbackHandler handler, CancellationToken cancellationToken)
    {
        var (gateway, errors) = await handler.SetSecretAsync(actor, jurisdiction, body.Secret, cancellationToken);
        return gateway is not null ? TypedResults.Ok(gateway) : TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
    }
}
