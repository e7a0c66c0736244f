namespace Palisade.Routing.Model;

/// <summary>How a number reaches Teams; only Direct Routing numbers are carried by Palisade.</summary>
public enum NumberConnectivity
{
    DirectRouting,
    OperatorConnect,
    CallingPlan,
}
