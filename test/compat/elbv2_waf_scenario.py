"""ELBv2 and WAFv2 through boto3, unchanged but for the endpoint: a load balancer forwarding to a local app, a web
ACL with AWS's SQL injection managed group associated with it, a request with SQL injection through the listener
(403) and a clean one (200), then everything deleted again. Prints what it saw as JSON for the Node test to assert."""
import json
import os
import socket
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3

endpoint = os.environ["WARDEN_ENDPOINT"]
prefix = os.environ.get("COMPAT_PREFIX", "compat-elb")
elb = boto3.client("elbv2", endpoint_url=endpoint)
waf = boto3.client("wafv2", endpoint_url=endpoint)
seen = {}


class App(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"app saw {self.path}".encode()
        self.send_response(200)
        self.send_header("X-App", "compat")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    """Status, X-App header and body of a GET; an HTTP error status is an answer, not a failure."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("X-App"), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("X-App"), e.read().decode()


app = ThreadingHTTPServer(("127.0.0.1", 0), App)
threading.Thread(target=app.serve_forever, daemon=True).start()
try:
    tg = elb.create_target_group(
        Name=f"{prefix}-app", Protocol="HTTP", Port=app.server_address[1], TargetType="ip",
    )["TargetGroups"][0]
    elb.register_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": "127.0.0.1"}])
    lb = elb.create_load_balancer(Name=f"{prefix}-lb", Type="application")["LoadBalancers"][0]
    port = free_port()
    listener = elb.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=port,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}],
    )["Listeners"][0]
    seen["listener"] = {"protocol": listener["Protocol"], "port_matches": listener["Port"] == port}

    visibility = {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": f"{prefix}-acl"}
    acl = waf.create_web_acl(
        Name=f"{prefix}-acl", Scope="REGIONAL", DefaultAction={"Allow": {}}, VisibilityConfig=visibility,
        Rules=[{
            "Name": "sqli",
            "Priority": 0,
            "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesSQLiRuleSet"}},
            "OverrideAction": {"None": {}},
            "VisibilityConfig": {**visibility, "MetricName": "sqli"},
        }],
    )["Summary"]
    waf.associate_web_acl(WebACLArn=acl["ARN"], ResourceArn=lb["LoadBalancerArn"])
    seen["associated"] = waf.get_web_acl_for_resource(ResourceArn=lb["LoadBalancerArn"])["WebACL"]["Name"]

    base = f"http://127.0.0.1:{port}"
    status, from_app, body = fetch(f"{base}/search?id=1%27%20OR%20%271%27%3D%271")
    seen["sqli"] = {"status": status, "reached_app": from_app == "compat", "forbidden_page": "403 Forbidden" in body}
    status, from_app, body = fetch(f"{base}/search?id=42")
    seen["clean"] = {"status": status, "reached_app": from_app == "compat", "body": body}

    # Clean-up, in the order AWS requires: the association, the ACL (with its lock token), then ELBv2's pieces.
    waf.disassociate_web_acl(ResourceArn=lb["LoadBalancerArn"])
    token = waf.get_web_acl(Name=acl["Name"], Scope="REGIONAL", Id=acl["Id"])["LockToken"]
    waf.delete_web_acl(Name=acl["Name"], Scope="REGIONAL", Id=acl["Id"], LockToken=token)
    elb.delete_listener(ListenerArn=listener["ListenerArn"])
    elb.delete_load_balancer(LoadBalancerArn=lb["LoadBalancerArn"])
    elb.deregister_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": "127.0.0.1"}])
    elb.delete_target_group(TargetGroupArn=tg["TargetGroupArn"])
    fetch_error = None
    try:
        fetch(f"{base}/")
    except urllib.error.URLError as e:
        fetch_error = type(e.reason).__name__
    seen["after_delete"] = fetch_error
    seen["left_behind"] = {
        "load_balancers": [b["LoadBalancerName"] for b in elb.describe_load_balancers()["LoadBalancers"]
                           if b["LoadBalancerName"].startswith(prefix)],
        "target_groups": [g["TargetGroupName"] for g in elb.describe_target_groups()["TargetGroups"]
                          if g["TargetGroupName"].startswith(prefix)],
        "web_acls": [a["Name"] for a in waf.list_web_acls(Scope="REGIONAL")["WebACLs"] if a["Name"].startswith(prefix)],
    }
finally:
    app.shutdown()

print(json.dumps(seen))
