{{/* The chart's name, shortened to fit a label. */}}
{{- define "smart-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The name of every resource: the release name, plus the chart's unless it already has it. */}}
{{- define "smart-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "smart-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "smart-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "smart-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "smart-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: smart-operator
{{- end }}

{{- define "smart-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "smart-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
RBAC rules: exactly io.smartoperator.runtime.Permissions (ChartTest compares both ways).
watchedRules: in every watched namespace (watchedNamespaces()).
*/}}
{{- define "smart-operator.watchedRules" -}}
- apiGroups: ["smart-operator.io"]
  resources: ["smartapps"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["smart-operator.io"]
  resources: ["smartapps/status"]
  verbs: ["patch"]
- apiGroups: ["smart-operator.io"]
  resources: ["smartapps/finalizers"]
  verbs: ["update"]
- apiGroups: ["smart-operator.io"]
  resources: ["gateways"]
  verbs: ["list", "watch"]
- apiGroups: ["smart-operator.io"]
  resources: ["gateways/status"]
  verbs: ["patch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/*
clusterRules: cluster(platformIdGiven). Namespace labels decide Selector handshakes; without a
platformId, the uid of kube-system is the default one.
*/}}
{{- define "smart-operator.clusterRules" -}}
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["list", "watch"]
{{- if not .Values.platformId }}
- apiGroups: [""]
  resources: ["namespaces"]
  resourceNames: ["kube-system"]
  verbs: ["get"]
{{- end }}
{{- end }}

{{/* leaderElectionRules: leaderElection(leaseName), in the release namespace. */}}
{{- define "smart-operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create"]
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  resourceNames: [{{ .Values.leaderElection.leaseName | quote }}]
  verbs: ["get", "update", "patch"]
{{- end }}
