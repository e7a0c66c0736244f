using System.Globalization;

namespace Palisade.Sip.Sdp;

internal static class SdpText
{
    public static bool IsDigits(string s) => s.Length > 0 && s.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    public static bool TryInt(string s, out int value) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryPayloadType(ReadOnlySpan<char> s, out int value)
        => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= 127;

    public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Join(params ReadOnlySpan<string> fields) => string.Join(' ', fields);

    public static string? DirectionName(SdpDirection d) => d switch
    {
        SdpDirection.SendRecv => "sendrecv",
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => null,
    };

    public static SdpDirection? ParseDirection(string name) => name switch
    {
        "sendrecv" => SdpDirection.SendRecv,
        "sendonly" => SdpDirection.SendOnly,
        "recvonly" => SdpDirection.RecvOnly,
        "inactive" => SdpDirection.Inactive,
        _ => null,
    };
}
