// The ELBv2 provider: load balancers, target groups and targets, listeners, rules, attributes and tags.
import type { ElasticLoadBalancingv2Operations } from '../../aws/generated/elbv2.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { createListener, deleteListener, describeListeners, modifyListener } from './listeners.js';
import {
  createLoadBalancer,
  deleteLoadBalancer,
  describeLoadBalancerAttributes,
  describeLoadBalancers,
  modifyLoadBalancerAttributes,
} from './load-balancers.js';
import { createRule, deleteRule, describeRules, modifyRule, setRulePriorities } from './rules.js';
import { addTags, describeTags, removeTags } from './tags.js';
import {
  createTargetGroup,
  deleteTargetGroup,
  describeTargetGroupAttributes,
  describeTargetGroups,
  modifyTargetGroup,
  modifyTargetGroupAttributes,
} from './target-groups.js';
import { deregisterTargets, describeTargetHealth, registerTargets } from './targets.js';

const handlers: Handlers<ElasticLoadBalancingv2Operations> = {
  CreateLoadBalancer: createLoadBalancer,
  DescribeLoadBalancers: describeLoadBalancers,
  DeleteLoadBalancer: deleteLoadBalancer,
  DescribeLoadBalancerAttributes: describeLoadBalancerAttributes,
  ModifyLoadBalancerAttributes: modifyLoadBalancerAttributes,
  CreateTargetGroup: createTargetGroup,
  DescribeTargetGroups: describeTargetGroups,
  ModifyTargetGroup: modifyTargetGroup,
  DeleteTargetGroup: deleteTargetGroup,
  DescribeTargetGroupAttributes: describeTargetGroupAttributes,
  ModifyTargetGroupAttributes: modifyTargetGroupAttributes,
  RegisterTargets: registerTargets,
  DeregisterTargets: deregisterTargets,
  DescribeTargetHealth: describeTargetHealth,
  CreateListener: createListener,
  DescribeListeners: describeListeners,
  ModifyListener: modifyListener,
  DeleteListener: deleteListener,
  CreateRule: createRule,
  DescribeRules: describeRules,
  ModifyRule: modifyRule,
  DeleteRule: deleteRule,
  SetRulePriorities: setRulePriorities,
  AddTags: addTags,
  RemoveTags: removeTags,
  DescribeTags: describeTags,
};

export const elbv2: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
