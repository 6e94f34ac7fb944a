"""STS through boto3, unchanged but for the endpoint: a user with only sts:AssumeRole gains the role's
permissions and loses its own; ExternalId decides; the session's identity is the assumed role.
Prints what it saw as JSON for the Node test to assert."""
import json
import os

import boto3
from botocore.exceptions import ClientError

endpoint = os.environ["WARDEN_ENDPOINT"]
prefix = os.environ.get("COMPAT_PREFIX", "compat-sts")
account = boto3.client("sts", endpoint_url=endpoint).get_caller_identity()["Account"]
iam = boto3.client("iam", endpoint_url=endpoint)
seen = {}

role = iam.create_role(
    RoleName=f"{prefix}-reader",
    AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "expected-id"}},
        }],
    }),
)["Role"]
iam.put_role_policy(
    RoleName=role["RoleName"],
    PolicyName="list-users",
    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}),
)
iam.create_user(UserName=f"{prefix}-bob")
iam.put_user_policy(
    UserName=f"{prefix}-bob",
    PolicyName="assume-and-create",
    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role["Arn"]},
        {"Effect": "Allow", "Action": "iam:CreateGroup", "Resource": "*"},
    ]}),
)
key = iam.create_access_key(UserName=f"{prefix}-bob")["AccessKey"]
bob = boto3.session.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"], region_name="us-east-1")
bob_sts = bob.client("sts", endpoint_url=endpoint)

try:
    bob_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", ExternalId="wrong-id")
    seen["wrong_external_id"] = "allowed"
except ClientError as e:
    seen["wrong_external_id"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]

creds = bob_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", ExternalId="expected-id", DurationSeconds=900)["Credentials"]
session = boto3.session.Session(
    aws_access_key_id=creds["AccessKeyId"],
    aws_secret_access_key=creds["SecretAccessKey"],
    aws_session_token=creds["SessionToken"],
    region_name="us-east-1",
)
seen["access_key_prefix"] = creds["AccessKeyId"][:4]
seen["session_arn"] = session.client("sts", endpoint_url=endpoint).get_caller_identity()["Arn"]
session_iam = session.client("iam", endpoint_url=endpoint)
seen["session_can_list_users"] = "Users" in session_iam.list_users()
try:
    session_iam.create_group(GroupName=f"{prefix}-group")
    seen["session_create_group"] = "allowed"
except ClientError as e:
    seen["session_create_group"] = [e.response["Error"]["Code"], e.response["Error"]["Message"]]

try:
    bob.client("iam", endpoint_url=endpoint).list_users()
    seen["bob_list_users"] = "allowed"
except ClientError as e:
    seen["bob_list_users"] = e.response["Error"]["Code"]

print(json.dumps(seen))
