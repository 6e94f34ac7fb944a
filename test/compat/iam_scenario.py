# A representative IAM script written for AWS, run unchanged against Warden through boto3.
# It prints one JSON object describing what it observed; test/compat/python.test.ts checks it.
# Credentials and region come from the standard AWS_* variables; the endpoint from WARDEN_ENDPOINT.
import json
import os
import sys

import boto3
from botocore.exceptions import ClientError

PREFIX = os.environ.get("COMPAT_PREFIX", "compat")
ENDPOINT = os.environ["WARDEN_ENDPOINT"]

session = boto3.session.Session()
iam = session.client("iam", endpoint_url=ENDPOINT)
sts = session.client("sts", endpoint_url=ENDPOINT)

observed = {}

TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
READ_ONLY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}],
}

user = f"{PREFIX}-alice"
group = f"{PREFIX}-devs"
policy_name = f"{PREFIX}-read"
role = f"{PREFIX}-role"


def error_of(call, **kwargs):
    """The botocore ClientError a call raises, as code, HTTP status and message."""
    try:
        call(**kwargs)
    except ClientError as err:
        return {
            "code": err.response["Error"]["Code"],
            "status": err.response["ResponseMetadata"]["HTTPStatusCode"],
            "message": err.response["Error"]["Message"],
        }
    raise AssertionError(f"{call.__name__} should have failed")


# Identities and policies.
created = iam.create_user(UserName=user, Tags=[{"Key": "team", "Value": "compat"}])["User"]
observed["user"] = {"arn": created["Arn"], "id": created["UserId"], "tags": created.get("Tags")}
iam.create_group(GroupName=group)
iam.add_user_to_group(GroupName=group, UserName=user)
policy = iam.create_policy(PolicyName=policy_name, PolicyDocument=json.dumps(READ_ONLY))["Policy"]
observed["policy_arn"] = policy["Arn"]
iam.attach_user_policy(UserName=user, PolicyArn=policy["Arn"])
iam.attach_group_policy(GroupName=group, PolicyArn=policy["Arn"])
iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(TRUST), Description="compat role")

# Reads: boto3 hands back documents decoded into dicts and dates as datetimes.
got_role = iam.get_role(RoleName=role)["Role"]
observed["role"] = {
    "arn": got_role["Arn"],
    "trust_is_decoded": got_role["AssumeRolePolicyDocument"] == TRUST,
    "create_date_type": type(got_role["CreateDate"]).__name__,
    "max_session": got_role.get("MaxSessionDuration"),
}
version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId="v1")["PolicyVersion"]
observed["policy_document_is_decoded"] = version["Document"] == READ_ONLY
observed["user_in_list"] = user in [u["UserName"] for u in iam.list_users()["Users"]]
observed["groups_for_user"] = [g["GroupName"] for g in iam.list_groups_for_user(UserName=user)["Groups"]]
observed["attached"] = [p["PolicyName"] for p in iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]]
observed["group_members"] = [u["UserName"] for u in iam.get_group(GroupName=group)["Users"]]

# Paginators follow IsTruncated/Marker.
iam.create_user(UserName=f"{PREFIX}-bob")
paged = []
for page in iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 1}):
    paged.extend(u["UserName"] for u in page["Users"])
observed["paginated_users"] = sorted(n for n in paged if n.startswith(PREFIX))

# An access key, then the key itself used for a call.
key = iam.create_access_key(UserName=user)["AccessKey"]
observed["access_key"] = {
    "id_prefix": key["AccessKeyId"][:4],
    "secret_length": len(key["SecretAccessKey"]),
    "status": key["Status"],
}
as_alice = boto3.session.Session(
    aws_access_key_id=key["AccessKeyId"],
    aws_secret_access_key=key["SecretAccessKey"],
    region_name=session.region_name,
)
observed["alice_identity"] = as_alice.client("sts", endpoint_url=ENDPOINT).get_caller_identity()["Arn"]
observed["caller"] = sts.get_caller_identity()["Arn"]

# Errors arrive as botocore ClientErrors with AWS's codes and statuses, and as the modeled exception classes.
observed["errors"] = {
    "no_such_user": error_of(iam.get_user, UserName=f"{PREFIX}-nobody"),
    "duplicate_user": error_of(iam.create_user, UserName=user),
    "delete_conflict": error_of(iam.delete_user, UserName=user),
    "malformed_policy": error_of(iam.create_policy, PolicyName=f"{PREFIX}-bad", PolicyDocument="{}"),
}
try:
    iam.get_role(RoleName=f"{PREFIX}-no-role")
    observed["modeled_exception"] = None
except iam.exceptions.NoSuchEntityException:
    observed["modeled_exception"] = "NoSuchEntityException"

# Account-level reads.
summary = iam.get_account_summary()["SummaryMap"]
observed["summary"] = {"users_at_least_two": summary["Users"] >= 2, "users_quota": summary["UsersQuota"]}

# Clean up, in the order IAM requires.
iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
iam.detach_user_policy(UserName=user, PolicyArn=policy["Arn"])
iam.detach_group_policy(GroupName=group, PolicyArn=policy["Arn"])
iam.remove_user_from_group(GroupName=group, UserName=user)
iam.delete_group(GroupName=group)
iam.delete_policy(PolicyArn=policy["Arn"])
iam.delete_role(RoleName=role)
iam.delete_user(UserName=user)
iam.delete_user(UserName=f"{PREFIX}-bob")
observed["left_behind"] = [u["UserName"] for u in iam.list_users()["Users"] if u["UserName"].startswith(PREFIX)]

json.dump(observed, sys.stdout)
