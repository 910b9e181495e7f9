namespace Mekong.Modules.Places.Osm;

/// <summary>Opens an OSM file by its content (PBF or XML), whatever its name says.</summary>
internal static class OsmFile
{
    public static IEnumerable<OsmElement> Read(Stream stream)
    {
        var buffered = stream.CanSeek ? stream : new BufferedStream(stream, 1 << 16);
        var start = new byte[64];
        var got = 0;
        while (got < start.Length)
        {
            var read = buffered.Read(start, got, start.Length - got);
            if (read == 0)
            {
                break;
            }

            got += read;
        }

        if (got == 0)
        {
            throw new OsmFormatException("the file is empty");
        }

        var prefix = new MemoryStream(start, 0, got);
        var whole = new ConcatenatedStream(prefix, buffered);
        return OsmPbfReader.LooksLikePbf(start.AsSpan(0, got)) ? OsmPbfReader.Read(whole) : OsmXmlReader.Read(whole);
    }

    /// <summary>The bytes already read to sniff the format, then the rest of the stream.</summary>
    private sealed class ConcatenatedStream(Stream first, Stream second) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = first.Read(buffer, offset, count);
            return read > 0 ? read : second.Read(buffer, offset, count);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
