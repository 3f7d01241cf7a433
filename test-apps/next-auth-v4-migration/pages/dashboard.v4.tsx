import type { GetServerSideProps } from "next";
import { getServerSession } from "next-auth";
import { type DashboardProps, DashboardView } from "@/components/dashboard-view";
import { createOptions } from "@/lib/recipe";

export const getServerSideProps: GetServerSideProps<DashboardProps> = async ({ req, res }) => {
  const session = await getServerSession(req, res, createOptions(req));
  if (!session) return { redirect: { destination: "/", permanent: false } };
  return {
    props: { email: session.user?.email ?? "", companyId: (session as { companyId?: string }).companyId ?? null },
  };
};

export default DashboardView;
