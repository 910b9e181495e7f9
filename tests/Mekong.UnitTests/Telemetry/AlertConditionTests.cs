using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Alerts;
using Mekong.Platform.Errors;

namespace Mekong.UnitTests.Telemetry;

/// <summary>The conditions' state machines (ADR 0033): hysteresis, minimum duration, rate of change, no data, all/any.</summary>
public sealed class AlertConditionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    [Fact]
    public void A_threshold_with_hysteresis_does_not_flap_around_the_threshold()
    {
        var c = new ConditionTracker(new AlertCondition(ConditionKind.Above, "water_level", Threshold: 3.0, Clear: 2.5));
        Assert.False(c.Observe(At(0), 2.9));
        Assert.True(c.Observe(At(1), 3.0));
        Assert.True(c.Raised);
        var changes = 0;
        for (var i = 0; i < 20; i++)
        {
            changes += c.Observe(At(2 + i), i % 2 == 0 ? 2.6 : 3.2) ? 1 : 0;
        }

        Assert.Equal(0, changes);
        Assert.True(c.Observe(At(30), 2.49));
        Assert.False(c.Raised);
    }

    [Fact]
    public void A_minimum_duration_counts_by_the_readings_own_times_and_restarts_when_the_value_drops()
    {
        var c = new ConditionTracker(new AlertCondition(ConditionKind.Above, "water_level", Threshold: 3.0, ForSeconds: 600));
        c.Observe(At(0), 3.1);
        c.Observe(At(9), 3.2);
        Assert.False(c.Raised);
        c.Observe(At(9.5), 2.9);
        c.Observe(At(10), 3.1);
        c.Observe(At(19), 3.1);
        Assert.False(c.Raised);
        Assert.True(c.Observe(At(20), 3.1));
    }

    [Fact]
    public void Below_mirrors_above_and_a_late_reading_is_ignored()
    {
        var c = new ConditionTracker(new AlertCondition(ConditionKind.Below, "water_level", Threshold: 0.5, Clear: 0.8));
        Assert.True(c.Observe(At(5), 0.4));
        Assert.False(c.Observe(At(1), 5.0));
        Assert.True(c.Raised);
        Assert.False(c.Observe(At(6), 0.7));
        Assert.True(c.Observe(At(7), 0.81));
    }

    [Fact]
    public void A_rate_needs_half_its_window_of_samples_and_keeps_few_of_them()
    {
        var c = new ConditionTracker(new AlertCondition(ConditionKind.Rate, "water_level", Threshold: 0.5, WindowMinutes: 60));
        // 1 m per hour, one reading a second for two hours: raised once half an hour is seen, never more than MaxSamples kept.
        var raisedAt = -1.0;
        for (var s = 0; s <= 7200; s++)
        {
            if (c.Observe(T0.AddSeconds(s), 1.0 + (s / 3600.0)) && c.Raised)
            {
                raisedAt = s;
            }
        }

        Assert.Equal(1800, raisedAt);
        Assert.True(c.Raised);

        var falling = new ConditionTracker(new AlertCondition(ConditionKind.Rate, "water_level", Threshold: -0.5, WindowMinutes: 20));
        falling.Observe(At(0), 3.0);
        falling.Observe(At(10), 2.8);
        Assert.True(falling.Raised);
        falling.Observe(At(20), 2.79);
        falling.Observe(At(31), 2.79);
        Assert.False(falling.Raised);
    }

    [Fact]
    public void No_data_is_raised_from_outside_and_cleared_by_a_reading()
    {
        var c = new ConditionTracker(new AlertCondition(ConditionKind.NoData, "water_level", Minutes: 15));
        Assert.False(c.Observe(At(0), 1.0));
        Assert.True(c.NoData());
        Assert.False(c.NoData());
        Assert.True(c.Observe(At(20), 1.0));
        Assert.False(c.Raised);
    }

    [Fact]
    public void All_and_any_combine_the_conditions_of_one_device()
    {
        AlertCondition[] conditions =
        [
            new(ConditionKind.Above, "salinity", Threshold: 4.0),
            new(ConditionKind.Above, "water_temperature", Threshold: 30.0),
        ];
        var all = new RuleTracker(matchAll: true, conditions);
        var any = new RuleTracker(matchAll: false, conditions);
        var salinity = DeviceTypes.Salinity.Id;
        var temperature = DeviceTypes.WaterTemperature.Id;
        Assert.Null(all.Observe(salinity, At(0), 5.0));
        Assert.True(any.Observe(salinity, At(0), 5.0));
        Assert.True(all.Observe(temperature, At(1), 31.0));
        Assert.Null(any.Observe(temperature, At(1), 31.0));
        Assert.False(all.Observe(salinity, At(2), 3.0));
        Assert.Null(any.Observe(salinity, At(2), 3.0));
        Assert.False(any.Observe(temperature, At(3), 29.0));
    }

    [Fact]
    public void A_condition_checks_its_fields()
    {
        var errors = new FieldErrors();
        new AlertCondition(ConditionKind.Above, "water_level", Threshold: 2, Clear: 3).Check(errors, "c");
        new AlertCondition(ConditionKind.NoData, "nothing", Minutes: 0).Check(errors, "d");
        new AlertCondition(ConditionKind.Rate, "water_level", Threshold: double.NaN, WindowMinutes: 0).Check(errors, "e");
        Assert.Equal(["c.clear", "d.measurement", "d.minutes", "e.threshold", "e.windowMinutes"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}
