# A plain Terraform (or OpenTofu) configuration that reads the outputs of
# secure-function-url through terraform_remote_state.
#
# Every stack keeps its state in the state bucket (config `state.bucketName`)
# under "<state.keyPrefix>/<environment>-<stack>.tfstate" and publishes named
# outputs (stacks/outputs.ts: a contract; renaming one is a breaking change).
# Read those, never cdktf's generated "cross-stack-output-*" values.
#
# The role that runs this needs s3:GetObject on the three state keys (and
# s3:ListBucket on the bucket); with a customer-managed key on the bucket,
# kms:Decrypt on it. __tests__/stacks/hcl.test.ts checks that every output
# used here exists in the synthesized stacks.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0, < 7"
    }
  }
}

variable "environment" {
  description = "The secure-function-url environment (config/<environment>.json)."
  type        = string
  default     = "dev"
}

variable "state_bucket" {
  description = "The state bucket (config state.bucketName)."
  type        = string
  default     = "sfu-dev-tfstate-example"
}

variable "state_region" {
  description = "The state bucket's region (config state.region)."
  type        = string
  default     = "eu-west-1"
}

variable "state_key_prefix" {
  description = "The state key prefix (config state.keyPrefix)."
  type        = string
  default     = "secure-function-url"
}

variable "route53_zone_id" {
  description = "A public hosted zone for the API's custom domain; \"\" creates no DNS records."
  type        = string
  default     = ""
}

variable "api_domain_name" {
  description = "The custom domain (one of config edge.customDomain.aliases) to point at the distribution."
  type        = string
  default     = ""
}

provider "aws" {
  region = var.state_region
}

data "terraform_remote_state" "identity" {
  backend = "s3"
  config = {
    bucket = var.state_bucket
    key    = "${var.state_key_prefix}/${var.environment}-identity.tfstate"
    region = var.state_region
  }
}

data "terraform_remote_state" "backend" {
  backend = "s3"
  config = {
    bucket = var.state_bucket
    key    = "${var.state_key_prefix}/${var.environment}-backend.tfstate"
    region = var.state_region
  }
}

data "terraform_remote_state" "edge" {
  backend = "s3"
  config = {
    bucket = var.state_bucket
    key    = "${var.state_key_prefix}/${var.environment}-edge.tfstate"
    region = var.state_region
  }
}

# DNS for the custom domain: alias A and AAAA records (the distribution has
# IPv6 on) to the distribution's *.cloudfront.net name. Z2FDTNDATAQYW2 is
# the fixed hosted zone id of every CloudFront distribution.
resource "aws_route53_record" "api" {
  for_each = var.route53_zone_id == "" ? toset([]) : toset(["A", "AAAA"])
  zone_id  = var.route53_zone_id
  name     = var.api_domain_name
  type     = each.key

  alias {
    name                   = data.terraform_remote_state.edge.outputs.distribution_domain_name
    zone_id                = "Z2FDTNDATAQYW2"
    evaluate_target_health = false
  }
}

# What a deployment pipeline of the single-page app needs: invalidate the
# distribution after an upload.
data "aws_iam_policy_document" "invalidate_distribution" {
  statement {
    sid       = "InvalidateApiDistribution"
    actions   = ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"]
    resources = [data.terraform_remote_state.edge.outputs.distribution_arn]
  }
}

output "invalidate_distribution_policy_json" {
  description = "An IAM policy for the pipeline that invalidates the distribution."
  value       = data.aws_iam_policy_document.invalidate_distribution.json
}

output "spa_settings" {
  description = "Settings of the single-page app: where the API is and how to sign in."
  value = {
    api_url          = data.terraform_remote_state.edge.outputs.api_url
    user_pool_id     = data.terraform_remote_state.identity.outputs.user_pool_id
    client_id        = data.terraform_remote_state.identity.outputs.spa_client_id
    issuer_url       = data.terraform_remote_state.identity.outputs.issuer_url
    hosted_ui_domain = data.terraform_remote_state.identity.outputs.hosted_ui_domain
  }
}

output "jwt_verifier_settings" {
  description = "For another service that accepts the same tokens: issuer and JWKS."
  value = {
    issuer_url = data.terraform_remote_state.identity.outputs.issuer_url
    jwks_url   = data.terraform_remote_state.identity.outputs.jwks_url
  }
}

output "origin_host" {
  description = "The function URL host (AWS_IAM: only signed requests reach it), e.g. for a monitoring allow-list."
  value       = data.terraform_remote_state.backend.outputs.function_url_host
}

output "web_acl_arn" {
  description = "The WAF web ACL in front of the API (scope CLOUDFRONT), e.g. for a central WAF logging setup."
  value       = data.terraform_remote_state.edge.outputs.web_acl_arn
}
