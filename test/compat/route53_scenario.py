"""Route 53 health checks through boto3, unchanged but for the endpoint: create (and again, idempotently), read, page,
update with a stale and a current version, wait for the check of the local server to succeed, tag, delete, and a
health check of an address the operator has not allowed. Prints what it saw as JSON for the Node test to assert."""
import json
import os
import time

import boto3
from botocore.exceptions import ClientError

r53 = boto3.client("route53", endpoint_url=os.environ["WARDEN_ENDPOINT"])
port = int(os.environ["CHECKED_PORT"])
seen = {}


def error(call):
    try:
        call()
        return "accepted"
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"]["Message"]}


config = {"IPAddress": "127.0.0.1", "Port": port, "Type": "HTTP_STR_MATCH", "ResourcePath": "/health",
          "SearchString": "ok", "RequestInterval": 10, "FailureThreshold": 2}
created = r53.create_health_check(CallerReference="boto3-1", HealthCheckConfig=config)
hc_id = created["HealthCheck"]["Id"]
again = r53.create_health_check(CallerReference="boto3-1", HealthCheckConfig=config)
seen["create"] = {"status": created["ResponseMetadata"]["HTTPStatusCode"], "location": created["Location"].endswith(hc_id),
                  "same": again["HealthCheck"]["Id"] == hc_id, "version": created["HealthCheck"]["HealthCheckVersion"],
                  "config": created["HealthCheck"]["HealthCheckConfig"]}
for ref in ("boto3-2", "boto3-3"):
    r53.create_health_check(CallerReference=ref, HealthCheckConfig={"IPAddress": "127.0.0.1", "Port": port, "Type": "TCP"})
pages = r53.get_paginator("list_health_checks").paginate(PaginationConfig={"PageSize": 2})
seen["pages"] = [len(p["HealthChecks"]) for p in pages]
seen["count"] = r53.get_health_check_count()["HealthCheckCount"]

seen["stale"] = error(lambda: r53.update_health_check(HealthCheckId=hc_id, HealthCheckVersion=9, FailureThreshold=3))
updated = r53.update_health_check(HealthCheckId=hc_id, HealthCheckVersion=1, FailureThreshold=3)
seen["updated"] = [updated["HealthCheck"]["HealthCheckVersion"], updated["HealthCheck"]["HealthCheckConfig"]["FailureThreshold"]]

status = None
for _ in range(20):
    observations = r53.get_health_check_status(HealthCheckId=hc_id)["HealthCheckObservations"]
    if observations:
        status = observations[0]["StatusReport"]["Status"]
        break
    time.sleep(1)
seen["status"] = status

r53.change_tags_for_resource(ResourceType="healthcheck", ResourceId=hc_id, AddTags=[{"Key": "Name", "Value": "web"}])
seen["tags"] = r53.list_tags_for_resource(ResourceType="healthcheck", ResourceId=hc_id)["ResourceTagSet"]["Tags"]
r53.delete_health_check(HealthCheckId=hc_id)
seen["deleted"] = error(lambda: r53.get_health_check(HealthCheckId=hc_id))
seen["far"] = error(lambda: r53.create_health_check(
    CallerReference="boto3-far", HealthCheckConfig={"IPAddress": "192.0.2.10", "Port": 80, "Type": "HTTP"}))
seen["hosted_zones"] = error(lambda: r53.list_hosted_zones())
print(json.dumps(seen))
