using Mekong.Modules.PublicServices.Domain;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Mekong.Modules.PublicServices.Features.Dossiers;

/// <summary>
/// The dossier receipt as a PDF (<i>giấy tiếp nhận hồ sơ và hẹn trả kết quả</i>), drawn with PDFsharp 6.2.4 in DejaVu
/// Sans (Debian's fonts-dejavu-core: every Vietnamese letter, embedded as a Unicode subset). Only what the applicant
/// gave and the public facts; the token-protected endpoint serves it to the applicant alone.
/// </summary>
internal static class ReceiptPdf
{
    public const string FontDirectory = "/usr/share/fonts/truetype/dejavu";
    private static readonly object Gate = new();
    private static bool _ready;

    public static byte[] Render(Dossier d, bool english)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = (english ? "Receipt " : "Biên nhận ") + d.Code;
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A5;
        using (var g = XGraphics.FromPdfPage(page))
        {
            var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
            var title = new XFont(DejaVuResolver.Family, 13, XFontStyleEx.Bold, options);
            var bold = new XFont(DejaVuResolver.Family, 9.5, XFontStyleEx.Bold, options);
            var text = new XFont(DejaVuResolver.Family, 9.5, XFontStyleEx.Regular, options);
            double x = 36, y = 40, width = page.Width.Point - 72;
            g.DrawString(english ? "DOSSIER RECEIPT" : "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", title, XBrushes.Black, new XRect(x, y, width, 20), XStringFormats.TopCenter);
            y += 34;
            void Line(string label, string value)
            {
                g.DrawString(label, bold, XBrushes.Black, x, y);
                foreach (var part in Wrap(value, 52))
                {
                    g.DrawString(part, text, XBrushes.Black, x + 130, y);
                    y += 15;
                }
            }

            Line(english ? "Dossier code" : "Mã hồ sơ", d.Code);
            Line(english ? "Procedure" : "Thủ tục", d.ProcedureName(english));
            Line(english ? "Applicant" : "Người nộp", d.Applicant.FullName);
            Line(english ? "Submitted" : "Ngày nộp", DossierText.Date(d.SubmittedAt));
            Line(english ? "Status" : "Trạng thái", DossierText.Name(d.Status, english));
            Line(english ? "Result due" : "Hẹn trả kết quả", d.DueDate is null
                ? (english ? $"{d.ProcessingDays} working days after receipt" : $"{d.ProcessingDays} ngày làm việc kể từ khi tiếp nhận")
                : DossierText.Date(d.DueDate));
            Line(english ? "Fee" : "Phí, lệ phí", DossierText.Money(d.FeeVnd));
            y += 6;
            g.DrawString(english ? "Documents received" : "Giấy tờ đã nộp", bold, XBrushes.Black, x, y);
            y += 15;
            foreach (var file in d.Files)
            {
                g.DrawString("• " + file.FileName, text, XBrushes.Black, x + 10, y);
                y += 14;
            }

            y += 10;
            foreach (var part in Wrap(english
                ? "Track the dossier with its code and your phone number or e-mail at /public-services/track."
                : "Tra cứu hồ sơ bằng mã hồ sơ và số điện thoại hoặc e-mail đã khai tại /public-services/track.", 80))
            {
                g.DrawString(part, text, XBrushes.DimGray, x, y);
                y += 14;
            }
        }

        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private static IEnumerable<string> Wrap(string value, int width)
    {
        var line = string.Empty;
        foreach (var word in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        yield return line;
    }

    private static void EnsureFonts()
    {
        lock (Gate)
        {
            if (!_ready)
            {
                // PDFsharp's resolver is process-wide and set once; nothing else in Mekong draws PDFs.
                GlobalFontSettings.FontResolver ??= new DejaVuResolver();
                _ready = true;
            }
        }
    }

    private sealed class DejaVuResolver : IFontResolver
    {
        public const string Family = "DejaVu Sans";

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[]? GetFont(string faceName) => File.ReadAllBytes(Path.Combine(FontDirectory, faceName + ".ttf"));
    }
}
