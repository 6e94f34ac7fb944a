// What the data plane serves, as the control plane hands it over: listeners with their rules and target groups.
// The control plane (src/services/elbv2/) builds these from its tables; the data plane never reads tables itself.

/** A target as registered: an IP address (or host name for instance-style ids) and its port. */
export interface TargetConfig {
  readonly id: string;
  readonly port: number;
}

export interface HealthCheckConfig {
  readonly enabled: boolean;
  readonly protocol: 'HTTP' | 'HTTPS';
  /** 'traffic-port' or a port number as text, as ELBv2 stores it. */
  readonly port: string;
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
  /** The Matcher's HttpCode: "200", "200,302", "200-299". */
  readonly successCodes: string;
}

export interface TargetGroupConfig {
  readonly arn: string;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly port: number;
  readonly healthCheck: HealthCheckConfig;
  readonly targets: readonly TargetConfig[];
  /** deregistration_delay.timeout_seconds: in-flight requests a deregistered target may finish. */
  readonly deregistrationDelaySeconds: number;
}

/** The actions a listener or rule takes (ELBv2's Action, as far as Warden serves it). */
export type ActionConfig =
  | {
      readonly type: 'forward';
      /** One group, or several with weights (ForwardConfig.TargetGroups). */
      readonly targetGroups: readonly { readonly arn: string; readonly weight: number }[];
    }
  | {
      readonly type: 'fixed-response';
      readonly statusCode: number;
      readonly contentType?: string;
      readonly messageBody?: string;
    }
  | {
      readonly type: 'redirect';
      readonly protocol: string;
      readonly host: string;
      readonly port: string;
      readonly path: string;
      readonly query: string;
      readonly statusCode: 'HTTP_301' | 'HTTP_302';
    };

/** A rule condition (ELBv2's RuleCondition; values use ELBv2's wildcards `*` and `?`, case rules as AWS's). */
export type ConditionConfig =
  | { readonly field: 'path-pattern'; readonly values: readonly string[] }
  | { readonly field: 'host-header'; readonly values: readonly string[] }
  | { readonly field: 'http-header'; readonly headerName: string; readonly values: readonly string[] }
  | { readonly field: 'http-request-method'; readonly values: readonly string[] }
  | { readonly field: 'query-string'; readonly values: readonly { readonly key?: string; readonly value: string }[] }
  | { readonly field: 'source-ip'; readonly values: readonly string[] };

export interface RuleConfig {
  readonly arn: string;
  /** Lower first; the default rule (the listener's default actions) is last. */
  readonly priority: number;
  readonly conditions: readonly ConditionConfig[];
  readonly actions: readonly ActionConfig[];
}

export interface ListenerConfig {
  readonly arn: string;
  /** The load balancer's ARN: what a WAF web ACL is associated with. */
  readonly loadBalancerArn: string;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly port: number;
  /** PEM certificate chain and private key for HTTPS listeners (Warden's extension; see the ELBv2 docs). */
  readonly tls?: { readonly certificatePem: string; readonly privateKeyPem: string };
  readonly rules: readonly RuleConfig[];
  readonly defaultActions: readonly ActionConfig[];
  /** idle_timeout.timeout_seconds of the load balancer. */
  readonly idleTimeoutSeconds: number;
  /**
   * waf.fail_open.enabled of the load balancer: when the inspector fails, forward the request (true) or answer 500
   * (false, AWS's default, and the default when absent).
   */
  readonly wafFailOpen?: boolean;
}

/** Everything the data plane serves at one moment; it is handed a new one after every control-plane change. */
export interface DataPlaneConfig {
  readonly listeners: readonly ListenerConfig[];
  readonly targetGroups: readonly TargetGroupConfig[];
}
