using Mekong.Modules.Telemetry.Domain;

namespace Mekong.Modules.Telemetry.Features.Alerts;

/// <summary>
/// The state of one condition of one rule for one device, moved by that device's readings in their own time order
/// (ADR 0033). Threshold: raised once the value has stayed at or beyond the threshold for the minimum duration, and
/// cleared only when it is back beyond the clearing level (hysteresis: a value wavering around the threshold does not
/// flap). Rate: the same on the change per hour over the window, from a few samples kept in memory (at most
/// <see cref="MaxSamples"/>). No data: raised from outside (the job), cleared by any reading. A reading older than the
/// newest one seen is ignored here (it is stored, but late data does not rewrite the present).
/// </summary>
internal sealed class ConditionTracker(AlertCondition condition)
{
    public const int MaxSamples = 34;

    private Queue<(DateTimeOffset At, double Value)>? _samples;

    public AlertCondition Condition { get; } = condition;

    public bool Raised { get; private set; }

    /// <summary>Since when the value has been beyond the threshold without the condition being raised yet.</summary>
    public DateTimeOffset? PendingSince { get; private set; }

    public DateTimeOffset? LastAt { get; private set; }

    public double? LastValue { get; private set; }

    /// <summary>Feeds one reading; returns whether <see cref="Raised"/> changed.</summary>
    public bool Observe(DateTimeOffset at, double value)
    {
        if (LastAt is { } last && at <= last)
        {
            return false;
        }

        LastAt = at;
        LastValue = value;
        var before = Raised;
        switch (Condition.Kind)
        {
            case ConditionKind.NoData:
                Raised = false;
                break;
            case ConditionKind.Rate:
                if (RateOf(at, value) is { } rate)
                {
                    Step(at, rate);
                }

                break;
            default:
                Step(at, value);
                break;
        }

        return Raised != before;
    }

    /// <summary>The job found no reading for the condition's minutes; returns whether <see cref="Raised"/> changed.</summary>
    public bool NoData()
    {
        if (Condition.Kind != ConditionKind.NoData || Raised)
        {
            return false;
        }

        Raised = true;
        return true;
    }

    /// <summary>Starts from what was stored: an active alert's device had its conditions raised.</summary>
    public void Restore(bool raised) => Raised = raised;

    private void Step(DateTimeOffset at, double metric)
    {
        var threshold = Condition.Threshold ?? 0;
        var beyond = Condition.Rising ? metric >= threshold : metric <= threshold;
        if (Raised)
        {
            var clear = Condition.ClearAt;
            if (Condition.Rising ? metric < clear : metric > clear)
            {
                Raised = false;
                PendingSince = null;
            }

            return;
        }

        if (!beyond)
        {
            PendingSince = null;
            return;
        }

        PendingSince ??= at;
        if (at - PendingSince.Value >= TimeSpan.FromSeconds(Condition.ForSeconds))
        {
            Raised = true;
            PendingSince = null;
        }
    }

    /// <summary>
    /// The change per hour between the oldest sample of the window and this reading; null until the samples span half
    /// the window (two readings a second apart say nothing of an hour). Samples are kept a window/32 apart at most.
    /// </summary>
    private double? RateOf(DateTimeOffset at, double value)
    {
        var window = TimeSpan.FromMinutes(Condition.WindowMinutes);
        _samples ??= new Queue<(DateTimeOffset, double)>();
        while (_samples.Count > 0 && at - _samples.Peek().At > window)
        {
            _samples.Dequeue();
        }

        double? rate = null;
        if (_samples.Count > 0)
        {
            var (oldestAt, oldestValue) = _samples.Peek();
            var span = at - oldestAt;
            if (span >= window / 2)
            {
                rate = (value - oldestValue) / span.TotalHours;
            }
        }

        if (_samples.Count == 0 || at - LastSampleAt >= window / 32)
        {
            if (_samples.Count >= MaxSamples)
            {
                _samples.Dequeue();
            }

            _samples.Enqueue((at, value));
            LastSampleAt = at;
        }

        return rate;
    }

    private DateTimeOffset LastSampleAt { get; set; }
}

/// <summary>A rule's conditions for one device and whether, combined (all or any), they hold.</summary>
internal sealed class RuleTracker
{
    public RuleTracker(bool matchAll, IReadOnlyList<AlertCondition> conditions)
    {
        MatchAll = matchAll;
        Conditions = [.. conditions.Select(c => new ConditionTracker(c))];
    }

    public bool MatchAll { get; }

    public IReadOnlyList<ConditionTracker> Conditions { get; }

    /// <summary>Whether the rule holds for the device (what the alert shows).</summary>
    public bool Active { get; private set; }

    /// <summary>When a reading last moved this tracker: the least recently touched go first when the engine is full.</summary>
    public long Touched { get; set; }

    public bool Holds => MatchAll ? Conditions.All(c => c.Raised) : Conditions.Any(c => c.Raised);

    /// <summary>Feeds one reading of <paramref name="measurementId"/>; returns the new <see cref="Active"/> when it changed.</summary>
    public bool? Observe(short measurementId, DateTimeOffset at, double value)
    {
        var any = false;
        foreach (var c in Conditions)
        {
            if (c.Condition.MeasurementInfo.Id == measurementId)
            {
                any |= c.Observe(at, value);
            }
        }

        return any ? Settle() : null;
    }

    /// <summary>The job found the no-data condition <paramref name="index"/> true; returns the new <see cref="Active"/> when it changed.</summary>
    public bool? NoData(int index) => Conditions[index].NoData() ? Settle() : null;

    public void Restore(bool active)
    {
        foreach (var c in Conditions)
        {
            c.Restore(active);
        }

        Active = active;
    }

    private bool? Settle()
    {
        var holds = Holds;
        if (holds == Active)
        {
            return null;
        }

        Active = holds;
        return holds;
    }
}
