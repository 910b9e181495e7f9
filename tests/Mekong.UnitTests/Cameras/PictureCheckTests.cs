using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Probing;
using Mekong.Modules.Cameras.Simulator;

namespace Mekong.UnitTests.Cameras;

/// <summary>The picture rules on the simulator's own pictures: a street a minute apart, then black, covered, frozen.</summary>
public sealed class PictureCheckTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);
    private readonly SimulatedCamera _camera = new SimulatedFleet(3).Find(2)!;

    private byte[] Picture(SimulatedMode mode, int minute) => ScenePainter.Paint(_camera, mode, Noon.AddMinutes(minute).AddSeconds(minute * 7));

    [Fact]
    public void A_live_street_is_good_and_the_first_picture_becomes_the_usual_view()
    {
        var first = PictureCheck.Judge(Picture(SimulatedMode.Ok, 0), null, null, 0);
        var second = PictureCheck.Judge(Picture(SimulatedMode.Ok, 1), first.Thumbnail, first.Thumbnail, 0);

        Assert.Equal((CameraFault.None, true), (first.Fault, first.IsReference));
        Assert.Equal((CameraFault.None, false, false), (second.Fault, second.Unchanged, second.IsReference));
    }

    [Fact]
    public void Black_covered_and_not_a_jpeg_are_told_apart()
    {
        var usual = PictureCheck.Thumbnail(Picture(SimulatedMode.Ok, 0));

        Assert.Equal(CameraFault.Black, PictureCheck.Judge(Picture(SimulatedMode.Black, 1), usual, usual, 0).Fault);
        Assert.Equal(CameraFault.Covered, PictureCheck.Judge(Picture(SimulatedMode.Covered, 1), usual, usual, 0).Fault);
        Assert.Equal(CameraFault.BadSnapshot, PictureCheck.Judge([0xFF, 0xD8, 1, 2, 3], usual, usual, 0).Fault);
        Assert.Equal(CameraFault.BadSnapshot, PictureCheck.Judge("<html>"u8.ToArray(), usual, usual, 0).Fault);
    }

    [Fact]
    public void The_same_picture_three_times_is_frozen()
    {
        var jpeg = Picture(SimulatedMode.Ok, 3);
        var first = PictureCheck.Judge(jpeg, null, null, 0);
        var second = PictureCheck.Judge(jpeg, first.Thumbnail, first.Thumbnail, 0);
        var third = PictureCheck.Judge(jpeg, second.Thumbnail, first.Thumbnail, unchangedInRow: 1);

        Assert.Equal((CameraFault.None, true), (second.Fault, second.Unchanged));
        Assert.Equal(CameraFault.Frozen, third.Fault);
    }
}
