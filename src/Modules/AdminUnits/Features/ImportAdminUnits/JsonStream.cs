using System.Text.Json;

namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>A JSON value larger than the buffer may grow to.</summary>
internal sealed class ValueTooLargeException : Exception;

/// <summary>
/// Reads JSON from a stream token by token with <see cref="Utf8JsonReader"/>, holding only the bytes of the value being
/// read: the buffer grows to fit one value (one GeoJSON feature), never past <c>maxValueBytes</c>.
/// </summary>
internal sealed class JsonStream(Stream stream, int maxValueBytes, JsonReaderOptions options)
{
    private byte[] _buffer = new byte[Math.Min(64 * 1024, maxValueBytes)];
    private int _length;
    private bool _final;

    public Utf8JsonReader Start()
    {
        Fill();
        return new Utf8JsonReader(_buffer.AsSpan(0, _length), _final, new JsonReaderState(options));
    }

    /// <summary>The next token, reading more of the stream as needed; false at the end.</summary>
    public bool Read(ref Utf8JsonReader reader)
    {
        while (!reader.Read())
        {
            if (_final)
            {
                return false;
            }

            Refill(ref reader, (int)reader.BytesConsumed, reader.CurrentState);
        }

        return true;
    }

    /// <summary>Steps onto the next token when it starts an array; otherwise leaves the reader where it was.</summary>
    public bool EnterArray(ref Utf8JsonReader reader)
    {
        while (true)
        {
            var attempt = reader;
            if (attempt.Read())
            {
                if (attempt.TokenType != JsonTokenType.StartArray)
                {
                    return false;
                }

                reader = attempt;
                return true;
            }

            if (_final)
            {
                return false;
            }

            Refill(ref reader, (int)reader.BytesConsumed, reader.CurrentState);
        }
    }

    /// <summary>
    /// Parses the next value (after a property name, or the next element of the array the reader is in) into a
    /// document; null at the end of the array or object.
    /// </summary>
    public JsonDocument? ReadValue(ref Utf8JsonReader reader, out JsonElement element)
    {
        while (true)
        {
            // Started over from here when the value is not all in the buffer yet: before its first token.
            var attempt = reader;
            if (attempt.Read())
            {
                if (attempt.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
                {
                    reader = attempt;
                    element = default;
                    return null;
                }

                if (JsonDocument.TryParseValue(ref attempt, out var document))
                {
                    reader = attempt;
                    element = document.RootElement;
                    return document;
                }
            }

            if (_final)
            {
                throw new JsonException("The JSON ends inside a value.");
            }

            Refill(ref reader, (int)reader.BytesConsumed, reader.CurrentState);
        }
    }

    private void Refill(ref Utf8JsonReader reader, int consumed, JsonReaderState state)
    {
        var remaining = _length - consumed;
        Buffer.BlockCopy(_buffer, consumed, _buffer, 0, remaining);
        _length = remaining;
        if (_length == _buffer.Length)
        {
            if (_buffer.Length >= maxValueBytes)
            {
                throw new ValueTooLargeException();
            }

            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, maxValueBytes));
        }

        Fill();
        reader = new Utf8JsonReader(_buffer.AsSpan(0, _length), _final, state);
    }

    private void Fill()
    {
        while (_length < _buffer.Length && !_final)
        {
            var read = stream.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                _final = true;
            }

            _length += read;
        }
    }
}
