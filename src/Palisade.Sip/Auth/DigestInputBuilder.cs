using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Palisade.Sip.Auth;

/// <summary>
/// Concatenates the inputs of one digest (A1, A2, the response string) into a caller-provided stack buffer, growing
/// into a pooled array only for unusually long values. The buffer holds the password while HA1 is computed, so
/// <see cref="Dispose"/> zeroes it before the memory is reused.
/// </summary>
internal ref struct DigestInputBuilder(Span<byte> initial)
{
    private Span<byte> _buffer = initial;
    private byte[]? _rented;
    private int _length;

    public readonly ReadOnlySpan<byte> Written => _buffer.Slice(0, _length);

    public void Clear()
    {
        CryptographicOperations.ZeroMemory(_buffer.Slice(0, _length));
        _length = 0;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.Slice(_length));
        _length += bytes.Length;
    }

    public void Append(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    public void AppendUtf8(string text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.Slice(_length));
    }

    /// <summary>Appends a colon, the separator of every digest input (RFC 7616 §3.4.1–3.4.3).</summary>
    public void Colon() => Append((byte)':');

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
            return;
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.Slice(0, _length).CopyTo(bigger);
        ReturnRented();
        _rented = bigger;
        _buffer = bigger;
    }

    private void ReturnRented()
    {
        CryptographicOperations.ZeroMemory(_buffer.Slice(0, _length));
        if (_rented is not null)
            ArrayPool<byte>.Shared.Return(_rented);
        _rented = null;
    }

    public void Dispose()
    {
        ReturnRented();
        _buffer = default;
        _length = 0;
    }
}
