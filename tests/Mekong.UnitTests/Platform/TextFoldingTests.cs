using Mekong.Platform.Text;

namespace Mekong.UnitTests.Platform;

public sealed class TextFoldingTests
{
    [Theory]
    [InlineData("Sóc Trăng", "soc trang")]
    [InlineData("  Thành phố   Sóc Trăng ", "thanh pho soc trang")]
    [InlineData("Đặc khu Côn Đảo", "dac khu con dao")]
    [InlineData("Phường 1, Quận 3", "phuong 1 quan 3")]
    [InlineData("XÃ LONG PHÚ", "xa long phu")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Folds_diacritics_case_and_spacing(string? input, string expected)
    {
        Assert.Equal(expected, TextFolding.Fold(input));
    }

    [Fact]
    public void Precomposed_and_decomposed_forms_fold_alike()
    {
        var precomposed = "Trăng".Normalize(System.Text.NormalizationForm.FormC);
        var decomposed = "Trăng".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Equal(TextFolding.Fold(precomposed), TextFolding.Fold(decomposed));
    }
}
