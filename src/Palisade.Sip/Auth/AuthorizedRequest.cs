using System.Text;
using Palisade.Sip.Message;

namespace Palisade.Sip.Auth;

/// <summary>
/// Builds the retry of a challenged request (RFC 3261 §22.2, §8.1.3.5): the same request with credentials for the
/// challenge's realm, a higher CSeq and a new top Via branch, because the retry is a new transaction; Call-ID, From
/// tag, Route set and body stay. Everything else is copied byte-for-byte.
/// </summary>
/// <remarks>
/// Written with <see cref="SipMessageWriter"/> rather than <see cref="SipMessageEdit"/>: the retry must drop only the
/// credentials of one realm and change one parameter of one Via, and it keeps Content-Length as received.
/// </remarks>
public static class AuthorizedRequest
{
    /// <summary>token characters (RFC 3261 §25.1): a branch is a token, and nothing else may reach the Via line.</summary>
    private static readonly System.Buffers.SearchValues<char> BranchChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.!%*_+`'~");

    /// <summary>
    /// Returns the bytes of the retried request. Earlier credentials for the same realm in the same header
    /// (Authorization for a 401, Proxy-Authorization for a 407) are replaced in place; credentials for other realms,
    /// e.g. an upstream proxy's, are kept (RFC 3261 §22.3: a request may carry one per realm).
    /// </summary>
    /// <param name="request">The request that was challenged (as Palisade sent it).</param>
    /// <param name="challenge">The challenge to answer, usually from <see cref="DigestChallenge.SelectBest"/>.</param>
    /// <param name="credentials">The trunk's credentials.</param>
    /// <param name="newCSeq">The retry's CSeq number; must be higher than the request's (RFC 3261 §22.2: "MUST increment").</param>
    /// <param name="newBranch">The new transaction's branch, "z9hG4bK…" (RFC 3261 §8.1.1.7).</param>
    /// <param name="nonceCount">nc for this nonce, 1 on first use.</param>
    /// <param name="cnonce">Client nonce; null draws a random one.</param>
    public static byte[] Create(
        SipMessage request,
        DigestChallenge challenge,
        DigestCredentials credentials,
        uint newCSeq,
        string newBranch,
        uint nonceCount = 1,
        string? cnonce = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(newBranch);
        if (!request.IsRequest)
            throw new ArgumentException("only a request can be retried with credentials", nameof(request));
        if (request.Method is SipMethod.Ack or SipMethod.Cancel)
            throw new ArgumentException("ACK and CANCEL are never retried with credentials: they are not challenged", nameof(request));
        if (newCSeq <= request.CSeq)
            throw new ArgumentOutOfRangeException(nameof(newCSeq), newCSeq, "the retry's CSeq must be higher than the request's");
        if (newBranch.AsSpan().IndexOfAnyExcept(BranchChars) >= 0)
            throw new ArgumentException("a branch must be a token", nameof(newBranch));

        string uri = Encoding.UTF8.GetString(request.RequestUriBytes);
        string value = DigestAuthenticator.CreateAuthorization(
            request.MethodText, uri, challenge, credentials, nonceCount, cnonce ?? DigestAuthenticator.CreateCnonce(), request.Body);
        HeaderId credentialsId = challenge.IsProxy ? HeaderId.ProxyAuthorization : HeaderId.Authorization;

        using var w = new SipMessageWriter(request.Bytes.Length + value.Length + 64);
        w.Append(request.Bytes[request.StartLine]);
        w.Append("\r\n"u8);
        bool viaDone = false, credentialsWritten = false;
        ReadOnlySpan<HeaderField> headers = request.Headers;
        for (int i = 0; i < headers.Length; i++)
        {
            ref readonly HeaderField h = ref headers[i];
            if (h.Id == HeaderId.Via && !viaDone)
            {
                viaDone = true;
                WriteViaWithBranch(w, request, h, newBranch);
            }
            else if (h.Id == HeaderId.CSeq)
            {
                w.Append(request.GetName(h));
                w.Append(": "u8);
                w.AppendNumber(newCSeq);
                w.Append((byte)' ');
                w.AppendUtf8(request.CSeqMethodText);
                w.Append("\r\n"u8);
            }
            else if (h.Id == credentialsId && IsForRealm(request.GetValue(h), challenge.Realm))
            {
                if (!credentialsWritten)
                {
                    credentialsWritten = true;
                    w.Header(credentialsId, value);
                }
            }
            else
            {
                w.CopyHeader(request, h);
            }
        }
        if (!credentialsWritten)
            w.Header(credentialsId, value);
        // Content-Length was copied as received: the body is unchanged, so it is still right.
        w.Append("\r\n"u8);
        w.Append(request.Body);
        return w.ToArray();
    }

    private static bool IsForRealm(ReadOnlySpan<byte> value, string realm) =>
        DigestAuthorization.TryParse(value, out DigestAuthorization? a, out _) && a!.Realm == realm;

    /// <summary>
    /// Copies the first Via line with the branch of its first via-parm replaced (or added when it has none); the rest
    /// of the line, including further via-parms on it, is unchanged.
    /// </summary>
    private static void WriteViaWithBranch(SipMessageWriter w, SipMessage request, in HeaderField h, string branch)
    {
        ReadOnlySpan<byte> line = request.GetLine(h);
        int end = line.Length;
        if (end > 0 && line[end - 1] == (byte)'\n') end--;
        if (end > 0 && line[end - 1] == (byte)'\r') end--;
        line = line.Slice(0, end);

        // The first via-parm of the value, located within the line.
        int valueOffset = h.ValueStart - h.LineStart;
        ReadOnlySpan<byte> value = line.Slice(valueOffset, h.ValueLength);
        int elementEnd = FirstElementEnd(value);
        ReadOnlySpan<byte> element = value.Slice(0, elementEnd);
        (int start, int length) = FindBranchValue(element);

        int spliceAt, removeLength;
        ReadOnlySpan<byte> insert;
        byte[] branchBytes = Encoding.ASCII.GetBytes(branch);
        if (start >= 0)
        {
            spliceAt = valueOffset + start;
            removeLength = length;
            insert = branchBytes;
        }
        else
        {
            // No branch (an RFC 2543 Via): add one after the last parameter of the first via-parm.
            int trimmed = elementEnd;
            while (trimmed > 0 && SipChars.IsWhitespace(element[trimmed - 1]))
                trimmed--;
            spliceAt = valueOffset + trimmed;
            removeLength = 0;
            insert = Encoding.ASCII.GetBytes(";branch=" + branch);
        }
        w.Append(line.Slice(0, spliceAt));
        w.Append(insert);
        w.Append(line.Slice(spliceAt + removeLength));
        w.Append("\r\n"u8);
    }

    /// <summary>Index of the first comma outside quotes (the end of the first via-parm), or the value's length.</summary>
    private static int FirstElementEnd(ReadOnlySpan<byte> value)
    {
        bool quoted = false;
        for (int i = 0; i < value.Length; i++)
        {
            byte b = value[i];
            if (quoted)
            {
                if (b == (byte)'\\') i++;
                else if (b == (byte)'"') quoted = false;
            }
            else if (b == (byte)'"')
            {
                quoted = true;
            }
            else if (b == (byte)',')
            {
                return i;
            }
        }
        return value.Length;
    }

    /// <summary>Start and length of the branch parameter's value in one via-parm, or (-1, 0).</summary>
    private static (int Start, int Length) FindBranchValue(ReadOnlySpan<byte> element)
    {
        int i = element.IndexOf((byte)';');
        while (i >= 0 && i < element.Length)
        {
            int p = i + 1;
            while (p < element.Length && SipChars.IsWhitespace(element[p])) p++;
            int nameStart = p;
            while (p < element.Length && SipChars.Token.Contains(element[p])) p++;
            bool isBranch = Ascii.EqualsIgnoreCase(element.Slice(nameStart, p - nameStart), "branch"u8);
            while (p < element.Length && SipChars.IsWhitespace(element[p])) p++;
            if (p < element.Length && element[p] == (byte)'=')
            {
                p++;
                while (p < element.Length && SipChars.IsWhitespace(element[p])) p++;
                int valueStart = p;
                if (p < element.Length && element[p] == (byte)'"')
                {
                    // A quoted generic-param value: skip it whole so a ';' inside does not split it.
                    p++;
                    while (p < element.Length && element[p] != (byte)'"')
                        p += element[p] == (byte)'\\' ? 2 : 1;
                    p = Math.Min(p + 1, element.Length);
                }
                else
                {
                    while (p < element.Length && SipChars.Token.Contains(element[p])) p++;
                }
                if (isBranch)
                    return (valueStart, p - valueStart);
            }
            int next = element.Slice(p).IndexOf((byte)';');
            i = next < 0 ? -1 : p + next;
        }
        return (-1, 0);
    }
}
