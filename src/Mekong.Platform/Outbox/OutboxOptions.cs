using System.ComponentModel.DataAnnotations;

namespace Mekong.Platform.Outbox;

/// <summary>The <c>Mekong:Outbox</c> section: how the dispatcher delivers and when it gives up.</summary>
public sealed class OutboxOptions : IValidatableObject
{
    public const string Section = "Mekong:Outbox";

    /// <summary>Whether this node delivers. Every node may; leases keep them from delivering one message at the same time.</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>Attempts before a message is dead-lettered.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait after the first failure; doubled after each further one, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often an idle dispatcher looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages one node claims per round.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;

    /// <summary>How long a claim holds: a node that dies mid-delivery leaves the message to others after this. A delivery is cut at 80 % of it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Delivered messages are deleted after this long (the dead ones stay until retried or deleted by hand).</summary>
    public TimeSpan KeepDelivered { get; set; } = TimeSpan.FromDays(7);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstRetryDelay <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:FirstRetryDelay must be positive.", [nameof(FirstRetryDelay)]);
        }

        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult($"{Section}:MaxRetryDelay must be at least FirstRetryDelay.", [nameof(MaxRetryDelay)]);
        }

        if (PollInterval < TimeSpan.FromMilliseconds(50) || PollInterval > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"{Section}:PollInterval must be between 00:00:00.05 and 00:10:00.", [nameof(PollInterval)]);
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult($"{Section}:LeaseDuration must be at least 00:00:01.", [nameof(LeaseDuration)]);
        }

        if (KeepDelivered < TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:KeepDelivered must not be negative.", [nameof(KeepDelivered)]);
        }
    }
}

/// <summary>Exponential back-off with "equal jitter": half the doubled delay for sure, the other half at random, so failed messages do not retry in step.</summary>
public static class RetryBackoff
{
    /// <param name="failedAttempts">Attempts that have failed so far (1 after the first failure).</param>
    /// <param name="random">A number in [0, 1).</param>
    public static TimeSpan Delay(int failedAttempts, TimeSpan first, TimeSpan max, double random)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = Math.Min(max.Ticks, first.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)((ticks / 2) + (ticks / 2 * Math.Clamp(random, 0, 1))));
    }
}
